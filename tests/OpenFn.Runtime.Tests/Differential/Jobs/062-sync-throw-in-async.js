fn(async state => { await null; const x = null; return x.y; });
