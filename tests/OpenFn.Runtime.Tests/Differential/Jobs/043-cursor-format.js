cursor('2024-05-06', { key: 'since', format: v => `since=${v}` });
cursor(10, { format: v => v * 2 });
fn(state => ({ since: state.since, keyStillSince: state.cursor }));
