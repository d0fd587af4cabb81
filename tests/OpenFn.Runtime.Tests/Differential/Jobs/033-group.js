group('$.data.cases', 'location.district');
fn(state => ({ groups: state.data, keys: Object.keys(state.data) }));
