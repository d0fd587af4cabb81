each(state => undefined, fn(state => state));
