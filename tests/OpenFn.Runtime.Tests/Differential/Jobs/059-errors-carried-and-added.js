// state: { "data": {}, "errors": { "earlier-step": { "name": "JobError", "message": "old" } } }
fn(state => { state.touched = true; return state; });
fn(state => { throw new Error('second failure'); });
