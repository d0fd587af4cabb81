fn(state => { state.mut = true; return { ...state, newkey: 1 }; });
fn(() => { throw new Error('boom'); });
