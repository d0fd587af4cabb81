fn(state => new Promise(resolve => setTimeout(() => resolve({ ...state, order: ['timer'] }), 5)));
fn(async state => {
  const results = await Promise.all([1, 2, 3].map(n => new Promise(r => setTimeout(() => r(n * 2), 3 - n))));
  return { ...state, results, order: state.order.concat('all') };
});
fn(state => Promise.resolve().then(() => ({ ...state, order: state.order.concat('microtask') })));
