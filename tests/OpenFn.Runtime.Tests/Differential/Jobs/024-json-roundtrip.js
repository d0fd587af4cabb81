fn(state => ({
  ...state,
  when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
  fnValue: () => 1,
  undef: undefined,
  nan: NaN,
  inf: Infinity,
  list: [1, undefined, () => 2, NaN, null],
  nested: { deep: { deeper: [{ x: new Date(0) }] } },
  negZero: -0,
  float: 0.1 + 0.2,
}));
