fn(state => { state.lost = true; });
fn(state => ({ ...state, second: 'sees an empty object' }));
