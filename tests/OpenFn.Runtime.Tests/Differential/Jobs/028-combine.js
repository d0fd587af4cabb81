combine(
  fn(state => ({ ...state, a: 1 })),
  fn(state => ({ ...state, b: state.a + 1 })),
  fn(async state => ({ ...state, c: state.b + 1 }))
);
