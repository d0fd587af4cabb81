fn(state => composeNextState(state, { step: 1 }));
fn(state => composeNextState(state, [1, 2, 3]));
fn(state => { delete state.references; return composeNextState(state, 'fresh'); });
