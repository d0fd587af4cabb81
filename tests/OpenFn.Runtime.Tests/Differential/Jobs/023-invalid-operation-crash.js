fn(state => state);
console.log('top level log');
