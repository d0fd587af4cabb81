each('$.data.nothing[*]', fn(state => ({ ...state, touched: true })));
fn(state => ({ ...state, after: 'each over nothing' }));
