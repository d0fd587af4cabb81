fn(state => ({
  chunks: chunk([1, 2, 3, 4, 5, 6, 7], 3),
  wrapped: toArray('x'),
  same: toArray([1, 2]),
  nothing: toArray(undefined),
  joined: arrayToString(['a', 'b', 'c'], '|'),
  split: splitKeys({ a: 1, b: 2, c: 3 }, ['b', 'c']),
}));
