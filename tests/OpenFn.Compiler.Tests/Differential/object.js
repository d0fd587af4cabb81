//# object/keys-values-entries
const o = { a: 1, b: 'x' }; print(Object.keys(o).join(), Object.values(o).join(), JSON.stringify(Object.entries(o)));
//# object/fromEntries
print(JSON.stringify(Object.fromEntries([['a', 1], ['b', 2]])), JSON.stringify(Object.fromEntries(new Map([['m', true]]))));
//# object/assign
const t = Object.assign({ a: 1 }, { b: 2 }, null, { a: 3 }); print(JSON.stringify(t));
//# object/integer-keys-order
const o = {}; o.b = 1; o[2] = 1; o.a = 1; o[1] = 1; o['-1'] = 1; print(Object.keys(o).join());
//# object/freeze
const o = Object.freeze({ a: 1, n: { x: 1 } }); try { o.a = 2; } catch (e) { print(e.name); } o.n.x = 2; print(o.a, o.n.x, Object.isFrozen(o));
//# object/seal-preventExtensions
const s = Object.seal({ a: 1 }); s.a = 2; try { s.b = 1; } catch (e) { print(e.name); } print(s.a, Object.isSealed(s), Object.isExtensible(s));
//# object/create-null
const o = Object.create(null); o.x = 1; print(Object.keys(o).join(), typeof o.toString, 'x' in o);
//# object/prototype-chain
const base = { greet() { return 'hi ' + this.n; } }; const child = Object.create(base, { n: { value: 'c', enumerable: true } }); print(child.greet(), Object.getPrototypeOf(child) === base, child.hasOwnProperty('greet'));
//# object/hasOwn
print(Object.hasOwn({ a: undefined }, 'a'), Object.hasOwn({}, 'toString'));
//# object/getOwnPropertyNames-symbols
const s = Symbol('s'); const o = { a: 1, [s]: 2 }; print(Object.getOwnPropertyNames(o).join(), Object.getOwnPropertySymbols(o).length, Reflect.ownKeys(o).length);
//# object/descriptors
const d = Object.getOwnPropertyDescriptor({ get x() { return 1; } }, 'x'); print(typeof d.get, d.set, d.enumerable, d.configurable);
//# object/defineProperties
const o = Object.defineProperties({}, { a: { value: 1, writable: false, enumerable: true }, b: { value: 2 } }); print(JSON.stringify(o), Object.keys(o).length);
//# object/entries-map-roundtrip
const o = { a: 1, b: 2 }; print(JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toUpperCase(), v * 10]))));
//# object/deep-merge
function merge(a, b) { for (const [k, v] of Object.entries(b)) a[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge(a[k] || {}, v) : v; return a; } print(JSON.stringify(merge({ a: { x: 1 }, l: [1] }, { a: { y: 2 }, l: [2] })));
//# object/structuredClone-like-json
const o = { d: new Date(0), u: undefined, f() {}, n: null, nested: [1, { a: NaN }] }; print(JSON.stringify(JSON.parse(JSON.stringify(o))));
//# object/toString-tags
print(Object.prototype.toString.call([]), Object.prototype.toString.call(null), Object.prototype.toString.call(new Date(0)), Object.prototype.toString.call(/x/), String({}));
//# object/valueOf-coercion
const money = { valueOf() { return 42; }, toString() { return 'M'; } }; print(money + 1, `${money}`, money * 2, String(money));
//# object/Symbol.toPrimitive
const o = { [Symbol.toPrimitive](hint) { return hint === 'number' ? 1 : 'str:' + hint; } }; print(+o, `${o}`, o + '');
//# object/property-enumeration-inherited
const p = { inherited: 1 }; const c = Object.create(p); c.own = 2; const ks = []; for (const k in c) ks.push(k); print(ks.join(), Object.keys(c).join());
//# object/getters-in-json
const o = { get computed() { return 'c'; }, plain: 1 }; print(JSON.stringify(o));
//# object/optional-delete-missing
const o = {}; print(delete o.missing, JSON.stringify(o));
//# object/equality-by-reference
const a = { x: 1 }; const b = { x: 1 }; print(a === b, a == b, JSON.stringify(a) === JSON.stringify(b));
//# object/entries-of-array-and-string
print(JSON.stringify(Object.entries(['a', 'b'])), Object.keys('hi').join());
//# object/spread-getters-copied-as-values
let n = 0; const o = { get g() { return ++n; } }; const c = { ...o }; print(c.g, c.g, n);
//# object/Proxy-basic
const p = new Proxy({}, { get: (t, k) => k === 'x' ? 'trap' : Reflect.get(t, k) }); print(p.x, p.y);
//# object/Reflect
const o = { a: 1 }; print(Reflect.has(o, 'a'), Reflect.ownKeys(o).join(), Reflect.getPrototypeOf(o) === Object.prototype, Reflect.apply(Math.max, null, [1, 3]));
//# object/WeakMap
const wm = new WeakMap(); const k = {}; wm.set(k, 'v'); print(wm.get(k), wm.has({}), typeof WeakMap.prototype.clear);
//# object/nested-optional-defaults
const cfg = { server: { port: 0 } }; print(cfg.server?.port ?? 8080, cfg.server?.host ?? 'localhost', cfg.client?.x ?? 'none');
//# object/dynamic-keys-from-data
const rows = [['name', 'a'], ['age', 3]]; const o = {}; for (const [k, v] of rows) o[k] = v; print(JSON.stringify(o));
//# object/key-stringification
const o = {}; o[1] = 'a'; o[{}] = 'b'; o[null] = 'c'; print(Object.keys(o).join('|'));
//# object/__proto__-literal
const o = { __proto__: { inherited: true }, own: 1 }; print(o.inherited, Object.keys(o).join());
//# object/method-this-lost
const o = { v: 1, get() { return this?.v; } }; const g = o.get; print(o.get(), g());
//# object/bind-call-apply
function f(a, b) { return this.x + a + b; } print(f.call({ x: 1 }, 2, 3), f.apply({ x: 1 }, [2, 3]), f.bind({ x: 10 }, 1)(1));
//# object/function-props
function named(a, b) {} print(named.name, named.length, (() => {}).name, (function () {}).name === '');
//# object/entries-sorted-output
const counts = { b: 2, a: 5, c: 1 }; print(Object.entries(counts).sort((x, y) => y[1] - x[1]).map(([k, v]) => k + '=' + v).join(' '));
