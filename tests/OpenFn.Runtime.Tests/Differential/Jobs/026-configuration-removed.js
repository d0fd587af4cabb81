fn(state => ({ ...state, sawUser: state.configuration.username }));
