// Runs every program of the language differential suite in node (the reference) and prints
// [{ name, code, output }] as JSON; the C# test runs the same `code` in the job engine and compares outputs.
// A program file holds many programs, each starting with a line `//# name`. Each program runs in a fresh
// context inside a strict-mode wrapper (jobs are strict modules) and its output is read once its promise jobs
// have drained. Usage: TZ=UTC node run-node.mjs <program files...>
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const results = [];
for (const file of process.argv.slice(2)) {
  for (const { name, code } of parsePrograms(readFileSync(file, 'utf8'))) {
    const output = [];
    const context = vm.createContext({ print: (...args) => output.push(args.map(String).join(' ')) });
    try {
      vm.runInContext(code, context, { filename: name });
    } catch (e) {
      output.push('Uncaught ' + describe(e));
    }
    for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve));
    results.push({ name, code, output: output.join('\n') });
  }
}
process.stdout.write(JSON.stringify(results));

function parsePrograms(text) {
  const programs = [];
  for (const line of text.split('\n')) {
    const header = /^\/\/# (.+)$/.exec(line);
    if (header) programs.push({ name: header[1].trim(), lines: [] });
    else if (programs.length > 0) programs[programs.length - 1].lines.push(line);
  }
  return programs.map(p => ({ name: p.name, code: '(function () { "use strict";\n' + p.lines.join('\n') + '\n})();' }));
}

function describe(e) {
  return e !== null && typeof e === 'object' && 'name' in e ? `${e.name}: ${e.message}` : String(e);
}
