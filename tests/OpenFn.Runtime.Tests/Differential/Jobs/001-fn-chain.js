fn(state => ({ ...state, count: state.data.cases.length }));
fn(state => { state.doubled = state.count * 2; return state; });
alterState(state => ({ ...state, data: state.data.meta }));
