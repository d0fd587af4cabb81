each(state => state.data.cases.filter(c => c.status === 'open'), fn(state => {
  state.open = (state.open || []).concat(state.data.name);
  return state;
}));
fn(state => ({ open: state.open, index: state.index, data: state.data }));
