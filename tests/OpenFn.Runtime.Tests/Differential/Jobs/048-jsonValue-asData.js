fn(state => ({
  ...state,
  value: jsonValue({ a: { b: [10, 20] } }, '$.a.b[1]'),
  fromString: asData('$.data.meta.total', state),
  fromObject: asData({ k: 1 }, state),
  fromFunction: asData(s => s.data.flag, state),
  fromNumber: asData(5, state) === undefined,
}));
