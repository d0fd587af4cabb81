assert(state => state.data.meta.total === 4, 'total must be 4');
fn(state => ({ ...state, passed: true }));
assert(state => state.data.meta.total > 100);
