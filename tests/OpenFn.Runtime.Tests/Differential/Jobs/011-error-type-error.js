fn(state => { state.before = 'mutated in place'; return { ...state, dropped: 'new object is lost' }; });
fn(state => state.data.nothing.deeper);
fn(state => ({ ...state, never: true }));
