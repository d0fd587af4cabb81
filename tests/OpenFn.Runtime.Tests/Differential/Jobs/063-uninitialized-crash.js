fn(state => { value; let value = 1; return state; });
