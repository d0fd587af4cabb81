each('$.data.cases[*]', fn(state => {
  state.seen = (state.seen || []).concat(state.data.case_id + ':' + state.index);
  return state;
}));
