fn(state => ({ ...state, x: eval('1 + 1') }));
