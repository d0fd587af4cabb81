log('count', state => state.data.cases.length, { nested: s => s.data.meta.page });
debug('debugging');
fn(state => ({ logged: true, refs: state.references.length }));
