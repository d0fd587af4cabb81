//# promise/ordering-microtasks
const log = []; Promise.resolve().then(() => log.push('p1')).then(() => log.push('p3')); Promise.resolve().then(() => log.push('p2')); log.push('sync'); Promise.resolve().then(() => Promise.resolve().then(() => print(log.join())));
//# promise/then-chain-values
Promise.resolve(1).then(v => v + 1).then(v => { throw new Error('e' + v); }).catch(e => e.message).then(v => print(v));
//# promise/all
Promise.all([1, Promise.resolve(2), new Promise(r => r(3))]).then(v => print(v.join()));
//# promise/all-rejects-first
Promise.all([Promise.resolve(1), Promise.reject(new Error('bad')), Promise.reject(new Error('worse'))]).catch(e => print(e.message));
//# promise/allSettled
Promise.allSettled([Promise.resolve(1), Promise.reject('no')]).then(r => print(JSON.stringify(r)));
//# promise/race-any
Promise.race([new Promise(() => {}), Promise.resolve('fast')]).then(v => print(v)); Promise.any([Promise.reject(1), Promise.resolve(2)]).then(v => print('any', v));
//# promise/any-aggregate-error
Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))]).catch(e => print(e.name, e.errors.length, e.errors.map(x => x.message).join()));
//# promise/finally
Promise.resolve('v').finally(() => print('finally')).then(v => print(v)); Promise.reject(new Error('r')).finally(() => 'ignored').catch(e => print(e.message));
//# promise/resolve-thenable
Promise.resolve({ then(res) { res('thenable'); } }).then(v => print(v));
//# promise/executor-throws
new Promise(() => { throw new TypeError('in executor'); }).catch(e => print(e.name, e.message));
//# promise/withResolvers
const { promise, resolve } = Promise.withResolvers(); promise.then(v => print('resolved', v)); resolve(5);
//# promise/then-ordering-nested
const log = []; Promise.resolve().then(() => { log.push(1); Promise.resolve().then(() => log.push(3)); }).then(() => log.push(2)); setTimeoutFree(); function setTimeoutFree() { Promise.resolve().then(() => {}).then(() => {}).then(() => {}).then(() => print(log.join())); }
//# promise/async-return-order
const log = []; async function a() { log.push('a1'); await null; log.push('a2'); } a(); log.push('s'); Promise.resolve().then(() => {}).then(() => print(log.join()));
//# promise/resolve-with-promise-extra-ticks
const log = []; const p = Promise.resolve(); new Promise(r => r(p)).then(() => log.push('wrapped')); p.then(() => log.push('a')).then(() => log.push('b')).then(() => log.push('c')).then(() => print(log.join()));
//# async/await-sequence
async function run() { const out = []; for (const x of [1, 2, 3]) out.push(await Promise.resolve(x * 2)); return out; } run().then(v => print(v.join()));
//# async/try-catch-await
async function f() { try { await Promise.reject(new Error('boom')); } catch (e) { return 'caught ' + e.message; } finally { print('fin'); } } f().then(print);
//# async/parallel-map
async function double(x) { return x * 2; } Promise.all([1, 2, 3].map(double)).then(v => print(v.join()));
//# async/reduce-sequential
const ops = [s => s + 1, async s => s * 10, s => Promise.resolve(s - 3)]; ops.reduce((p, op) => p.then(op), Promise.resolve(1)).then(v => print(v));
//# async/await-non-promise
(async () => { const v = await 5; const t = await { then(r) { r('t'); } }; print(v, t); })();
//# async/async-iterator
async function* gen() { yield 1; yield 2; } (async () => { const out = []; for await (const v of gen()) out.push(v); print(out.join()); })();
//# async/for-await-array-of-promises
(async () => { const out = []; for await (const v of [Promise.resolve('a'), 'b']) out.push(v); print(out.join()); })();
//# async/rejection-in-async-fn
async function bad() { null.x; } bad().catch(e => print(e.name));
//# async/operation-chain-like-runtime
const fn = f => s => f(s); const ops = [fn(s => ({ ...s, a: 1 })), fn(async s => ({ ...s, b: 2 })), fn(s => { s.c = 3; return s; })]; ops.reduce((p, op) => p.then(op), Promise.resolve({})).then(s => print(JSON.stringify(s)));
//# async/class-async-method
class Api { async get(id) { return { id }; } } new Api().get(7).then(r => print(r.id));
//# map/basic
const m = new Map([['a', 1]]); m.set('b', 2).set('a', 3); print(m.size, m.get('a'), m.has('c'), [...m.keys()].join(), m.delete('b'), m.size);
//# map/object-keys-identity
const k = {}; const m = new Map([[k, 'obj'], [NaN, 'nan'], [0, 'zero']]); print(m.get(k), m.get({}), m.get(NaN), m.get(-0));
//# map/iteration-order-and-forEach
const m = new Map(); m.set('z', 1); m.set('a', 2); m.set('z', 3); const out = []; m.forEach((v, k) => out.push(k + v)); print(out.join());
//# map/to-object-and-json
const m = new Map([['a', 1], ['b', { c: 2 }]]); print(JSON.stringify(Object.fromEntries(m)), JSON.stringify(m), JSON.stringify([...m]));
//# map/counting
const counts = new Map(); for (const w of 'a b a c b a'.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1); print([...counts].map(([k, v]) => k + v).join());
//# set/basic
const s = new Set([3, 1, 3, 2, 1]); s.add(4).add(1); print(s.size, [...s].join(), s.has(2), s.delete(3), [...s].join());
//# set/operations-manual
const a = new Set([1, 2, 3]), b = new Set([2, 3, 4]); print([...a].filter(x => b.has(x)).join(), [...new Set([...a, ...b])].join(), [...a].filter(x => !b.has(x)).join());
//# set/es2025-methods
const a = new Set([1, 2, 3]), b = new Set([2, 3, 4]); print([...a.union(b)].join(), [...a.intersection(b)].join(), [...a.difference(b)].join(), [...a.symmetricDifference(b)].join(), a.isSubsetOf(new Set([1, 2, 3, 4])));
//# set/strings-and-json
print(JSON.stringify(new Set(['a'])), JSON.stringify([...new Set('hello')]));
//# set/entries
print(JSON.stringify([...new Set(['x']).entries()]));
//# weak/WeakSet-WeakRef
const ws = new WeakSet(); const o = {}; ws.add(o); print(ws.has(o), new WeakRef(o).deref() === o);
//# class/basic-inheritance
class Animal { constructor(n) { this.n = n; } speak() { return this.n + ' makes a sound'; } } class Dog extends Animal { speak() { return super.speak() + ' (woof)'; } } print(new Dog('Rex').speak(), new Dog('a') instanceof Animal);
//# class/static-and-instanceof
class A { static create() { return new this(); } } class B extends A {} print(B.create() instanceof B, Object.getPrototypeOf(B) === A);
//# class/toString-name
class Point { constructor(x, y) { Object.assign(this, { x, y }); } toString() { return `(${this.x}, ${this.y})`; } } print(`${new Point(1, 2)}`, Point.name, typeof Point);
//# class/call-without-new-throws
class C {} try { C(); } catch (e) { print(e.name); }
//# class/extends-builtin
class MyArr extends Array { sum() { return this.reduce((a, b) => a + b, 0); } } const m = MyArr.from([1, 2, 3]); print(m.sum(), m instanceof MyArr, m.map(x => x * 2) instanceof MyArr);
//# class/extends-error
class HttpError extends Error { constructor(status, msg) { super(msg); this.name = 'HttpError'; this.status = status; } } const e = new HttpError(404, 'nf'); print(e instanceof Error, e.name, e.message, e.status, String(e));
//# class/getter-static-private-method
class K { static #hidden() { return 'h'; } static reveal() { return K.#hidden(); } } print(K.reveal());
//# class/accessor-inheritance
class Base { get kind() { return 'base'; } } class Sub extends Base { get kind() { return 'sub<' + super.kind + '>'; } } print(new Sub().kind);
//# class/symbol-species-and-iterator
class Range { constructor(n) { this.n = n; } *[Symbol.iterator]() { for (let i = 0; i < this.n; i++) yield i; } } print([...new Range(4)].join());
//# class/instance-fields-arrow-this
class Btn { label = 'b'; click = () => this.label; } const { click } = new Btn(); print(click());
//# class/method-enumerability
class C { m() {} } print(Object.keys(C.prototype).length, Object.getOwnPropertyNames(C.prototype).join());
//# class/super-in-object-literal
const base = { hi() { return 'base'; } }; const o = { __proto__: base, hi() { return 'obj>' + super.hi(); } }; print(o.hi());
//# generator/basic
function* g() { const x = yield 1; yield x * 2; return 'done'; } const it = g(); print(JSON.stringify(it.next()), JSON.stringify(it.next(5)), JSON.stringify(it.next()), JSON.stringify(it.next()));
//# generator/infinite-take
function* nat() { let n = 0; while (true) yield n++; } function* take(it, k) { for (const v of it) { if (k-- <= 0) return; yield v; } } print([...take(nat(), 5)].join());
//# generator/delegation
function* inner() { yield 'a'; return 'r'; } function* outer() { const r = yield* inner(); yield r; } print([...outer()].join());
//# generator/return-throw
function* g() { try { yield 1; yield 2; } finally { print('cleanup'); } } const it = g(); it.next(); print(JSON.stringify(it.return('early')));
//# generator/throw-into
function* g() { try { yield 1; } catch (e) { yield 'caught ' + e; } } const it = g(); it.next(); print(it.throw('x').value);
//# generator/iterator-helpers
function* nat() { let n = 0; while (true) yield n++; } print(nat().filter(x => x % 2).map(x => x * 10).take(3).toArray().join());
//# generator/spread-entries-object
function* pairs(o) { for (const k of Object.keys(o)) yield [k, o[k]]; } print(JSON.stringify(Object.fromEntries(pairs({ a: 1, b: 2 }))));
//# error/types-and-messages
const errs = []; try { null.f(); } catch (e) { errs.push(e.constructor.name); } try { undefinedFn(); } catch (e) { errs.push(e.name); } try { new Array(-1); } catch (e) { errs.push(e.name); } try { decodeURIComponent('%'); } catch (e) { errs.push(e.name); } print(errs.join());
//# error/message-null-property
try { const o = null; o.x; } catch (e) { print(e.message); }
//# error/message-undefined-property
try { const o = {}; o.a.b; } catch (e) { print(e.message); }
//# error/message-not-a-function
try { const o = {}; o.f(); } catch (e) { print(e.message); }
//# error/message-not-defined
try { missingThing; } catch (e) { print(e.message); }
//# error/message-json-parse
try { JSON.parse('{bad'); } catch (e) { print(e.message); }
//# error/cause
const e = new Error('outer', { cause: new Error('inner') }); print(e.cause.message, 'cause' in new Error('x'));
//# error/toString-and-props
const e = new TypeError('bad type'); print(String(e), e.name, e.message, Object.keys(e).length, typeof e.stack);
//# error/throw-non-error
try { throw { code: 42 }; } catch (e) { print(e.code); } try { throw 'str'; } catch (e) { print(typeof e, e); }
//# error/finally-overrides-return
function f() { try { return 'try'; } finally { return 'finally'; } } print(f());
//# error/custom-error-instanceof
class ValidationError extends Error { name = 'ValidationError'; } try { throw new ValidationError('v'); } catch (e) { print(e instanceof ValidationError, e instanceof Error, e.name, `${e}`); }
//# error/AggregateError
const e = new AggregateError([new Error('a')], 'many'); print(e.name, e.message, e.errors.length);
//# error/stack-is-string
try { throw new Error('s'); } catch (e) { print(typeof e.stack, e.stack.split('\n')[0]); }
