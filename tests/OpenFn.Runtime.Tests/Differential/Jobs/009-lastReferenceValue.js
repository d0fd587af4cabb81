fn(state => ({ ...state, oldest: lastReferenceValue('note')(state), oldestPage: lastReferenceValue('page')(state) }));
