each('$.data.cases[*]', fn(state => ({ ...state, indexes: (state.indexes || []).concat(index()(state)) })));
fn(state => ({ indexes: state.indexes, lastIndex: state.index, lastData: state.data }));
