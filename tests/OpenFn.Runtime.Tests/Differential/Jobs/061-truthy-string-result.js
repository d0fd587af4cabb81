fn(state => 'just a string');
