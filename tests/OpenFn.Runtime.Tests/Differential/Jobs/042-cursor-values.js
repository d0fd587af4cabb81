cursor(state => state.lastRunAt);
cursor(5, { key: 'page' });
cursor('not a date phrase');
cursor(null, { defaultValue: 'fallback' });
fn(state => ({ cursor: state.cursor, page: state.page }));
