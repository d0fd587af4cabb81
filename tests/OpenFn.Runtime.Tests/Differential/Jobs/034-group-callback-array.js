group(state => state.data.cases, 'sex', state => ({ ...state, grouped: true }));
