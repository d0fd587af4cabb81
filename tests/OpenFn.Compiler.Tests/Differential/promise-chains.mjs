// Runs promise-chain jobs two ways in node with OpenFn's own packages: OpenFn's compiled form (an operation expression
// using `_defer`) and our compiled job (a script calling __openfn_op and __openfn_defer). Both get @openfn/runtime's
// defer and @openfn/language-common's fn, and run their one operation on { start: 1 }.
// Usage: node promise-chains.mjs <tests/oracle/node_modules> < cases.json   ([{ name, declarations, openfn, compiled }])
// Prints [{ name, openfn, ours }], each the final state as JSON or "throws <message>".
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const modules = process.argv[2];
const { defer } = await import(pathToFileURL(join(modules, '@openfn/runtime/dist/index.js')).href);
const { fn } = await import(pathToFileURL(join(modules, '@openfn/language-common/dist/index.js')).href);

async function outcome(operation) {
  try {
    return JSON.stringify(await operation({ start: 1 }));
  } catch (e) {
    return 'throws ' + e.message;
  }
}

const results = [];
for (const { name, declarations, openfn, compiled } of JSON.parse(readFileSync(0, 'utf8'))) {
  const openfnOperation = new Function('_defer', 'fn', `"use strict";\n${declarations}\nreturn ${openfn};`)(defer, fn);
  const operations = [];
  new Function('__openfn_op', '__openfn_defer', 'fn', compiled)((index, operation) => { operations[index] = operation; }, defer, fn);
  results.push({ name, openfn: await outcome(openfnOperation), ours: await outcome(operations[0]) });
}
process.stdout.write(JSON.stringify(results));
