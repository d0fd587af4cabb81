fn(state => ({
  ...state,
  merged: merge('$.data.cases[*]', { batch: 7, district: s => s.data.meta.page, nested: { at: s => s.lastRunAt } })(state),
  joined: join('$.data.cases[*].location', '$.data.meta.total', 'total')(state),
}));
