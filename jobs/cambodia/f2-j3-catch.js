// Flow 2 (OSCaR → Primero), catch: runs when f2-j1 or f2-j2 failed.
// Adaptor: @openfn/language-common@3.3.4.
//
// Same rule as f1-j3-catch.js: record the failure, then fail the run, so the runner keeps the cursor
// (lastQueryDate) where it was and the retry policy, or the next hourly run, reads the same clients again. A
// successful catch job would make the run "success" and move the cursor past clients that were never written.

fn(state => {
  const failures = Object.entries(state.errors || {}).map(([step, error]) => `${step}: ${error.name}: ${error.message}`);
  const cursor = state.lastQueryDate || '(none yet: the first run reads every shared client)';
  console.error(`OSCaR → Primero sync failed. ${failures.join(' | ')}`);
  console.log(`The cursor stays at ${cursor}; the next run starts from there.`);
  return { lastQueryDate: state.lastQueryDate, failure: { failures, cursorKept: cursor } };
});

fn(state => {
  throw new Error(`OSCaR → Primero sync failed (${state.failure.failures.join(' | ')}); cursor kept at ${state.failure.cursorKept}`);
});
