each('$.data.cases[*]', fn(async state => {
  await new Promise(resolve => setTimeout(resolve, 1));
  return { ...state, ids: (state.ids || []).concat(state.data.case_id) };
}));
