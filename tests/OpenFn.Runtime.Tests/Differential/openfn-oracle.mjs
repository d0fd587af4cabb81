// Runs jobs in OpenFn's own runtime (@openfn/runtime 1.9.5 + @openfn/language-common 3.3.4) for the differential tests.
// Usage: node --experimental-vm-modules openfn-oracle.mjs <oracle-dir> <batch.json> <results.json>
// batch.json: [{ id, module, state, sourceMap }] where module is an ES module text, or [{ id, plan, state }] where
// plan is an execution plan whose steps carry such modules as expressions; results.json gets
// [{ id, state, thrown, logs }] (state null when the run produced none; thrown set when the run crashed).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [oracleDir, batchPath, resultsPath] = process.argv.slice(2);
const load = p => import(pathToFileURL(path.join(oracleDir, 'node_modules', p)).href);
const { default: run } = await load('@openfn/runtime/dist/index.js');
const { createMockLogger } = await load('@openfn/logger/dist/index.js');
const commonPath = path.join(oracleDir, 'node_modules/@openfn/language-common');

const batch = JSON.parse(await readFile(batchPath, 'utf8'));
const results = [];
for (const job of batch) {
  const logger = createMockLogger();
  const jobLogger = createMockLogger('JOB', { level: 'debug' });
  let state = null;
  let thrown = null;
  try {
    const result = await run(job.plan ?? job.module, job.state, {
      logger,
      jobLogger,
      sourceMap: job.sourceMap,
      defaultStepId: 'job-1',
      linker: { modules: { '@openfn/language-common': { path: commonPath } } },
    });
    state = result === undefined ? null : result;
  } catch (e) {
    thrown = { name: e.name, message: e.message, severity: e.severity, subtype: e.subtype };
  }
  results.push({
    id: job.id,
    state,
    thrown,
    logs: jobLogger._history.map(([level, , ...args]) => ({ level, message: args.map(a => typeof a === 'string' ? a : JSON.stringify(a)).join(' ') })),
  });
}
await writeFile(resultsPath, JSON.stringify(results));
