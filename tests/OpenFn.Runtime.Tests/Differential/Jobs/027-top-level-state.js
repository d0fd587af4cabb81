const user = state.configuration.username;
state.loadedAt = 'top level';
fn(s => ({ ...s, user, inputData: state.data.meta }));
fn(() => ({ ...state, fromGlobal: true }));
