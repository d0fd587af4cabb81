fn(state => ({ ...state, x: 1 }));
fn(state => undefined);
