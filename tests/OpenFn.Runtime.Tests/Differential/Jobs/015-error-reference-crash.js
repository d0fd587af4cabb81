fn(state => { state.a = 1; return state; });
fn(state => ({ ...state, value: notDefinedAnywhere }));
