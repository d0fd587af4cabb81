fn(state => {
  const shared = { v: 1 };
  return { a: shared, b: shared, list: [shared, [shared]] };
});
