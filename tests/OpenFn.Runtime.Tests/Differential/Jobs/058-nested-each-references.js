each('$.data.cases[*]', each(state => state.data.services, fn(state => composeNextState(state, state.data.type))));
fn(state => ({ refCount: state.references.length, lastRef: state.references[state.references.length - 1], data: state.data }));
