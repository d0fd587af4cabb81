fn(state => execute(
  fn(s => ({ ...s, inner: 1 })),
  fn(s => ({ ...s, inner: s.inner + 1 }))
)(state));
