map('$.data.cases[*]', (item, index, state) => `${index}:${item.case_id}:${state.data.meta.total}`);
