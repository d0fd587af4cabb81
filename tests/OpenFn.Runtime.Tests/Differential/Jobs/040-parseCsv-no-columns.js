parseCsv('x , y\n"1,5" ,  2\n', { columns: false });
fn(state => ({ rows: state.data, refs: state.references.length }));
