class ValidationProblem extends Error {
  constructor(message) { super(message); this.name = 'ValidationProblem'; this.code = 42; }
}
fn(state => { throw new ValidationProblem('invalid case'); });
