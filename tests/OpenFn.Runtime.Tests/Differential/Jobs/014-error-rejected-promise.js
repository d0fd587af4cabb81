fn(state => Promise.reject(new RangeError('out of range')));
