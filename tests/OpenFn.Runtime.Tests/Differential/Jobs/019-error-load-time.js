const table = { a: 1 };
fn(state => state);
each(null, fn(state => state));
