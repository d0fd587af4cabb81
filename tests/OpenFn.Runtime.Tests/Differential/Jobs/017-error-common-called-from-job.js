fn(state => ({ ...state, bad: dataPath(undefined) }));
