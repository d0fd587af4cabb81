fn(state => { util.throwError('BAD_THING', { description: 'it broke', fix: 'do not', extra: 1 }); });
