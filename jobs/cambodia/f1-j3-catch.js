// Flow 1 (Primero → OSCaR), catch: runs when f1-j1 or f1-j2 failed.
// Adaptor: @openfn/language-common@3.3.4.
//
// The failed step's state holds the cursor the run started from (lastRunDateTime) and the error (state.errors).
// This job records the failure in one line and in the run's result, then fails the run on purpose:
//   * the runner keeps a run's final state as the next cursor only when the run succeeded, so a failed run leaves
//     the cursor where it was and nothing is skipped. A catch job that succeeded would make the run "success" and
//     move the cursor past the changes that were never sent (OpenFn counts a handled failure as success);
//   * the run shows as failed in the history (`openfn runs list --status failed`), and the workflow's retry policy
//     runs it again from the same cursor. This replaces the original catch jobs, which re-posted the cursor to the
//     OpenFn inbox to start a new run.

fn(state => {
  const failures = Object.entries(state.errors || {}).map(([step, error]) => `${step}: ${error.name}: ${error.message}`);
  const cursor = state.lastRunDateTime || '(none yet: the first run starts from the beginning)';
  console.error(`Primero → OSCaR sync failed. ${failures.join(' | ')}`);
  console.log(`The cursor stays at ${cursor}; the next run starts from there.`);
  return { lastRunDateTime: state.lastRunDateTime, failure: { failures, cursorKept: cursor } };
});

fn(state => {
  throw new Error(`Primero → OSCaR sync failed (${state.failure.failures.join(' | ')}); cursor kept at ${state.failure.cursorKept}`);
});
