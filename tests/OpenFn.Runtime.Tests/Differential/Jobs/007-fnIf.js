fnIf(state => state.data.flag, fn(state => ({ ...state, ran: 'yes' })));
fnIf(false, fn(state => ({ ...state, skipped: 'should not appear' })));
fnIf(0, fn(state => ({ ...state, zero: 'should not appear' })));
fnIf('non-empty', fn(state => ({ ...state, truthyString: true })));
