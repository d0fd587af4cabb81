//# syntax/arrow-basics
const add = (a, b) => a + b; const sq = x => x * x; print(add(2, 3), sq(4), (() => 'x')());
//# syntax/arrow-object-literal
const mk = id => ({ id, ok: true }); print(JSON.stringify(mk(3)));
//# syntax/arrow-this-lexical
const o = { v: 1, f() { return [1, 2].map(() => this.v); } }; print(o.f().join());
//# syntax/default-params
function f(a, b = a * 2, c = b + 1) { return [a, b, c]; } print(f(1).join(), f(1, 5).join(), f(1, undefined, 0).join());
//# syntax/rest-params
function f(first, ...rest) { return first + ':' + rest.length + ':' + rest.join('|'); } print(f(1, 2, 3, 4));
//# syntax/spread-call
print(Math.max(...[3, 9, 2]), [...'abc'].join('-'));
//# syntax/spread-array
const a = [1, 2]; const b = [0, ...a, 3, ...a]; print(b.join());
//# syntax/spread-object
const base = { a: 1, b: 2 }; const o = { ...base, b: 3, c: 4 }; print(JSON.stringify(o));
//# syntax/spread-object-order
const o = { z: 1, ...{ a: 2, z: 3 }, b: 4 }; print(Object.keys(o).join(), o.z);
//# syntax/destructuring-array
const [x, , y = 5, ...rest] = [1, 2, undefined, 4, 5]; print(x, y, rest.join());
//# syntax/destructuring-object
const { a, b: { c }, d = 'dflt', ...others } = { a: 1, b: { c: 2 }, e: 3, f: 4 }; print(a, c, d, JSON.stringify(others));
//# syntax/destructuring-params
function f({ name, tags: [first] = [] } = {}) { return name + '/' + first; } print(f({ name: 'n', tags: ['t'] }), f());
//# syntax/destructuring-swap
let p = 1, q = 2; [p, q] = [q, p]; print(p, q);
//# syntax/destructuring-computed-key
const key = 'k'; const { [key]: value } = { k: 'v' }; print(value);
//# syntax/template-literals
const n = 'w'; print(`hello ${n} ${1 + 1} ${[1, 2]} ${{}.toString()}`);
//# syntax/template-multiline
const t = `a
b`; print(t.length, t.split('\n').join('|'));
//# syntax/tagged-template
function tag(strings, ...values) { return strings.raw.join('_') + values.join(','); } print(tag`x${1}y${2}z\n`);
//# syntax/optional-chaining
const o = { a: { b: null, f() { return 'f'; } } }; print(o?.a?.b?.c, o.x?.y, o.a.f?.(), o.a.g?.(), o.a?.['b']);
//# syntax/nullish-coalescing
print(null ?? 'd', undefined ?? 'd', 0 ?? 'd', '' ?? 'd', false ?? 'd');
//# syntax/logical-assignment
let a = null, b = 0, c = 1; a ??= 'x'; b ||= 'y'; c &&= 'z'; print(a, b, c);
//# syntax/exponent
print(2 ** 10, (-2) ** 3, 2 ** -1, 10 ** 21);
//# syntax/numeric-separators
print(1_000_000, 0xff_ff, 1_0.5, 0b1010_0001);
//# syntax/bigint
print(2n ** 64n, typeof 1n, (10n / 3n).toString(), BigInt('123') + 1n, BigInt.asUintN(8, 257n));
//# syntax/shorthand-methods
const o = { x: 1, get double() { return this.x * 2; }, set double(v) { this.x = v / 2; }, m() { return 'm'; } }; o.double = 10; print(o.x, o.double, o.m());
//# syntax/computed-properties
const k = 'dyn'; const o = { [k + '1']: 1, [`${k}2`]: 2 }; print(Object.keys(o).join());
//# syntax/labels-break-continue
let out = []; outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; out.push(i + '' + j); } } print(out.join());
//# syntax/switch-fallthrough
function s(v) { let r = ''; switch (v) { case 1: r += 'a'; case 2: r += 'b'; break; default: r += 'd'; case 3: r += 'c'; } return r; } print(s(1), s(2), s(3), s(9));
//# syntax/for-in-order
const o = { b: 1, a: 2, 10: 'x', 2: 'y' }; const ks = []; for (const k in o) ks.push(k); print(ks.join());
//# syntax/for-of-string
const cs = []; for (const c of 'h€😀') cs.push(c); print(cs.length, cs.join('|'));
//# syntax/let-closures-in-loop
const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); print(fs.map(f => f()).join());
//# syntax/var-closures-in-loop
const fs = []; for (var i = 0; i < 3; i++) fs.push(() => i); print(fs.map(f => f()).join());
//# syntax/tdz
try { x; let x = 1; } catch (e) { print(e.name); }
//# syntax/const-assignment
try { const c = 1; c = 2; } catch (e) { print(e.name, e instanceof TypeError); }
//# syntax/strict-undeclared
try { undeclaredVariable = 1; } catch (e) { print(e.name); }
//# syntax/strict-this
function f() { return this; } print(f() === undefined);
//# syntax/comma-and-void
let x = (1, 2, 3); print(x, void 0, typeof void 0);
//# syntax/typeof-values
print([typeof null, typeof [], typeof (() => 1), typeof Symbol(), typeof undefined, typeof 1n, typeof NaN].join());
//# syntax/in-and-instanceof
print('a' in { a: 1 }, 0 in [1], [] instanceof Array, Object.create(null) instanceof Object);
//# syntax/delete
const o = { a: 1, b: 2 }; delete o.a; print(JSON.stringify(o), 'a' in o);
//# syntax/getter-in-class-static
class C { static #count = 0; static inc() { return ++C.#count; } } C.inc(); print(C.inc());
//# syntax/private-fields
class P { #secret = 42; reveal() { return this.#secret; } has(o) { return #secret in o; } } const p = new P(); print(p.reveal(), p.has(p), p.has({}));
//# syntax/class-fields
class F { a = 1; b = this.a + 1; static s = 'static'; } const f = new F(); print(f.a, f.b, F.s);
//# syntax/static-block
class S { static x; static { S.x = 'init'; } } print(S.x);
//# syntax/iife
const r = (function (n) { return n * 2; })(21); print(r, (() => 'arrow')());
//# syntax/closures-counter
function counter() { let c = 0; return { inc: () => ++c, get: () => c }; } const c1 = counter(); c1.inc(); c1.inc(); print(c1.get(), counter().get());
//# syntax/recursion
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } print(fib(20));
//# syntax/hoisting
print(typeof hoisted, hoisted()); function hoisted() { return 'h'; }
//# syntax/arguments-object
function f() { return arguments.length + ':' + Array.from(arguments).join(); } print(f(1, 'a', null));
//# syntax/new-target
function W() { return new.target === W; } print(new W() instanceof W, W());
//# syntax/optional-catch-binding
try { throw 1; } catch { print('caught'); }
//# syntax/finally-order
const log = []; function f() { try { log.push('t'); return 'r'; } finally { log.push('f'); } } print(f(), log.join());
//# syntax/unicode-escapes
print('\u{1F600}'.length, '\x41', 'caf\u00e9', '\u{61}');
//# syntax/string-raw
print(String.raw`a\nb${1}`);
//# syntax/chained-ternary
const g = n => n > 10 ? 'big' : n > 5 ? 'mid' : 'small'; print(g(11), g(6), g(1));
//# syntax/object-is-and-equality
print(Object.is(NaN, NaN), NaN === NaN, Object.is(0, -0), 0 === -0, null == undefined, null === undefined, '1' == 1);
//# syntax/getter-setter-defineProperty
const o = {}; Object.defineProperty(o, 'x', { get() { return 7; }, enumerable: false }); print(o.x, Object.keys(o).length, JSON.stringify(o));
//# syntax/symbol-iterator-custom
const it = { *[Symbol.iterator]() { yield 1; yield 2; } }; print([...it].join(), Array.from(it).length);
//# syntax/async-arrow
const f = async x => x * 2; f(4).then(v => print(v));
//# syntax/class-getter-setter
class T { #c = 0; get c() { return this.#c; } set c(v) { this.#c = v * 10; } } const t = new T(); t.c = 2; print(t.c);
//# syntax/array-holes
const a = [1, , 3]; print(a.length, 1 in a, a.map(x => x * 2).length, JSON.stringify(a));
//# syntax/regex-literal-flags
const r = /a.c/gis; print(r.flags, r.source, r.test('A\nC'));
