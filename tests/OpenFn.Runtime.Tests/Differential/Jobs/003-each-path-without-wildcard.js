each('$.data.cases', fn(state => ({ ...state, iterations: (state.iterations || 0) + 1, lastLength: state.data.length })));
