fn(state => ({ ...state, data: fields(field('a', 1), field('b', [2]), field('a', 'overwritten')), pair: field('k', 'v') }));
