as('mapped', map('$.data.cases[*]', item => item.age * 10));
fn(state => ({ mapped: state.mapped, dataKept: state.data.meta }));
