fn(state => [1, 2, 3]);
fn(state => state.concat([4]));
