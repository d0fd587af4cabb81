beta.each('$.data.cases[*]', fn(state => ({ ...state, total: (state.total || 0) + state.data.age })));
fn(state => ({ total: state.total, dataRestored: state.data.meta }));
