//# date/iso-roundtrip
const d = new Date('2024-03-15T10:20:30.456Z'); print(d.toISOString(), d.getTime(), JSON.stringify({ d }));
//# date/utc-getters
const d = new Date(Date.UTC(2024, 1, 29, 23, 59, 59)); print(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours());
//# date/local-getters-utc-host
const d = new Date(Date.UTC(2024, 0, 1, 23, 30)); print(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getTimezoneOffset());
//# date/parse-date-only-is-utc
print(new Date('2024-01-02').toISOString(), Date.parse('2024-01-02'));
//# date/parse-datetime-without-z-is-local
print(new Date('2024-01-02T03:04:05').toISOString());
//# date/parse-invalid
const d = new Date('not a date'); print(isNaN(d), String(d), d.getTime());
//# date/toISOString-invalid-throws
try { new Date(NaN).toISOString(); } catch (e) { print(e.name); }
//# date/arithmetic-add-days
const d = new Date('2024-01-30T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 3); print(d.toISOString());
//# date/month-overflow
const d = new Date(Date.UTC(2024, 0, 31)); d.setUTCMonth(1); print(d.toISOString());
//# date/diff-days
const a = new Date('2024-01-01'), b = new Date('2024-03-01'); print((b - a) / 86400000);
//# date/toString-utc
print(new Date(0).toString());
//# date/toUTCString
print(new Date(0).toUTCString(), new Date(Date.UTC(2024, 5, 9, 8, 7, 6)).toUTCString());
//# date/toDateString-toTimeString
print(new Date(0).toDateString(), new Date(0).toTimeString());
//# date/toJSON
print(new Date(86400000).toJSON(), new Date(NaN).toJSON());
//# date/Date.UTC-edge
print(Date.UTC(2024), Date.UTC(99, 0), Date.UTC(1970, 0, 1, 0, 0, 0, 1));
//# date/year-range
print(new Date('0001-01-01T00:00:00Z').toISOString(), new Date(8.64e15).toISOString(), new Date(8.64e15 + 1).getTime());
//# date/set-hours-local
const d = new Date(Date.UTC(2024, 0, 1)); d.setHours(25); print(d.toISOString());
//# date/compare-and-sort
const ds = ['2024-03-01', '2023-12-31', '2024-01-15'].map(s => new Date(s)); ds.sort((a, b) => a - b); print(ds.map(d => d.toISOString().slice(0, 10)).join());
//# date/start-of-month
const d = new Date('2024-05-17T12:00:00Z'); print(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString());
//# date/iso-week-day
print(['2024-01-01', '2024-06-15', '2024-12-25'].map(s => new Date(s).getUTCDay()).join());
//# date/parse-formats
print(Date.parse('2024-01-02T03:04:05+07:00'), Date.parse('2024-01-02T03:04:05.1Z'), Date.parse('2024-01'), Date.parse('2024'));
//# date/cursor-since
const state = { lastRun: '2024-02-10T00:00:00.000Z' }; const since = new Date(new Date(state.lastRun).getTime() - 3600000).toISOString(); print(since);
//# date/Date.now-type
print(typeof Date.now(), Date.now() > 1.7e12);
//# json/stringify-basic
print(JSON.stringify({ a: [1, 'x', null, true], b: { c: 1.5 } }));
//# json/stringify-indent
print(JSON.stringify({ a: [1, { b: 2 }], c: {} , d: [] }, null, 2));
//# json/stringify-indent-string
print(JSON.stringify({ a: 1, b: [1] }, null, '--'));
//# json/stringify-replacer-fn
print(JSON.stringify({ a: 1, secret: 's', n: { secret: 'x', ok: 2 } }, (k, v) => k === 'secret' ? undefined : v));
//# json/stringify-replacer-array
print(JSON.stringify({ b: 1, a: 2, c: 3 }, ['a', 'b']));
//# json/stringify-special-values
print(JSON.stringify([undefined, () => 1, Symbol('s'), NaN, Infinity, -0]), JSON.stringify({ u: undefined, f() {} }), JSON.stringify(undefined));
//# json/stringify-toJSON
print(JSON.stringify({ x: { toJSON() { return 'custom'; } }, d: new Date(0) }));
//# json/stringify-unicode
print(JSON.stringify('é😀\u2028\u0007'), JSON.stringify('\uD800'));
//# json/stringify-circular-throws
const o = {}; o.self = o; try { JSON.stringify(o); } catch (e) { print(e.name); }
//# json/stringify-bigint-throws
try { JSON.stringify({ n: 1n }); } catch (e) { print(e.name); }
//# json/stringify-numbers
print(JSON.stringify([1e21, 1e-7, 0.1 + 0.2, 5e-324, 123456789.123456789, -1.5e300]));
//# json/parse-basic
const o = JSON.parse('{"a":[1,2,{"b":null}],"c":"\\u00e9","d":1e3}'); print(o.a[2].b, o.c, o.d, Object.keys(o).join());
//# json/parse-reviver
print(JSON.stringify(JSON.parse('{"a":1,"b":{"c":2}}', (k, v) => typeof v === 'number' ? v * 10 : v)));
//# json/parse-date-reviver
const o = JSON.parse('{"at":"2024-01-01T00:00:00.000Z"}', (k, v) => k === 'at' ? new Date(v) : v); print(o.at.getUTCFullYear());
//# json/parse-errors
for (const s of ['{a:1}', "{'a':1}", '[1,]', '', 'undefined', '{"a":1}x']) { try { JSON.parse(s); print('ok', s); } catch (e) { print(e.name); } }
//# json/parse-duplicate-keys
print(JSON.stringify(JSON.parse('{"a":1,"a":2}')));
//# json/parse-proto-key
const o = JSON.parse('{"__proto__":{"x":1}}'); print(o.x, Object.keys(o).join());
//# json/parse-big-numbers
print(JSON.parse('12345678901234567890'), JSON.parse('1.0'), JSON.parse('-0'), JSON.parse('1E2'));
//# json/parse-deep-60
const s = '['.repeat(60) + ']'.repeat(60); print(JSON.stringify(JSON.parse(s)).length);
//# json/roundtrip-key-order
const o = { b: 1, a: 2, 1: 'x' }; print(JSON.stringify(JSON.parse(JSON.stringify(o))));
//# json/stringify-nested-indent-arrays
print(JSON.stringify([[1, 2], [], [[]]], null, 1));
//# regexp/exec-groups
const m = /(?<y>\d{4})-(?<m>\d{2})/.exec('on 2024-05 ok'); print(m.index, m[0], m.groups.y, m.groups.m, m.input.length);
//# regexp/global-lastIndex
const r = /a/g; print(r.test('aa'), r.lastIndex, r.test('aa'), r.lastIndex, r.test('aa'), r.lastIndex);
//# regexp/sticky
const r = /foo/y; r.lastIndex = 3; print(r.test('barfoo'), r.lastIndex);
//# regexp/lookbehind
print('$10 €20 $30'.match(/(?<=\$)\d+/g).join(), 'abc'.replace(/(?<!a)c/, 'X'));
//# regexp/unicode-property
print(/\p{L}+/u.exec('123héllo')[0], /\p{Script=Greek}/u.test('α'));
//# regexp/dotAll-multiline
print(/^b$/m.test('a\nb\nc'), /a.c/s.test('a\nc'), /a.c/.test('a\nc'));
//# regexp/case-insensitive-unicode
print(/straße/i.test('STRASSE'), /é/i.test('É'));
//# regexp/replace-global-fn-index
print('a-b-c'.replace(/-/g, (m, off) => off));
//# regexp/split-limit
print('1, 2,3 ,4'.split(/\s*,\s*/).join('|'));
//# regexp/escape-special
const esc = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); print(esc('a.b*c(d)'), new RegExp(esc('1+1')).test('1+1=2'));
//# regexp/RegExp-constructor-flags
const r = new RegExp('ab+c', 'gi'); print(r.source, r.flags, r.global, String(r), String(new RegExp('/')));
//# regexp/email-validate
const ok = s => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s); print(ok('a@b.co'), ok('a@b'), ok('a b@c.d'));
//# regexp/backreference
print(/(\w)\1/.test('hello'), 'aabbcc'.replace(/(\w)\1/g, '$1'));
//# regexp/non-greedy
print('<a><b>'.match(/<.+?>/)[0], '<a><b>'.match(/<.+>/)[0]);
//# regexp/symbol-split-match
print(JSON.stringify('aXbXc'.split(/x/i)), 'A1'.match(/\d/)[0]);
//# regexp/hasIndices
const m = /b(c)/d.exec('abcd'); print(JSON.stringify(m.indices));
//# regexp/v-flag
print(/[\p{L}--[a-z]]/v.test('a'), /[\p{L}--[a-z]]/v.test('B'));
//# number/toFixed
print((1.005).toFixed(2), (1.45).toFixed(1), (0).toFixed(2), (1e21).toFixed(2), (-1.5).toFixed(0), (2.5).toFixed(0));
//# number/toPrecision-toExponential
print((123.456).toPrecision(4), (0.000123).toPrecision(2), (123456).toExponential(2), (1.5).toExponential());
//# number/rounding
print(Math.round(2.5), Math.round(-2.5), Math.round(0.49999999999999994), Math.trunc(-4.7), Math.sign(-3), Math.floor(-0.5));
//# number/float-printing
print(0.1 + 0.2, 1 / 3, 2 / 3, 100 / 3, 1e-7, 123e-20, 1.7976931348623157e308, 5e-324);
//# number/integer-limits
print(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.isSafeInteger(2 ** 53), Number.EPSILON > 0, 2 ** 53 + 1);
//# number/parseInt-edge
print(parseInt('08'), parseInt('0x1A'), parseInt('  42abc'), parseInt(''), parseInt('1e3'), parseInt(0.0000005), parseInt('-0'));
//# number/isNaN-isFinite
print(isNaN('abc'), Number.isNaN('abc'), isFinite('12'), Number.isFinite('12'), Number.isInteger(5.0), Number.isInteger(5.1));
//# number/math-functions
print(Math.max(), Math.min(), Math.hypot(3, 4), Math.cbrt(27), Math.log10(1000), Math.log2(8), Math.clz32(1), Math.fround(5.5));
//# number/math-trig
print(Math.sin(0), Math.cos(Math.PI).toFixed(5), Math.atan2(1, 1).toFixed(6), Math.exp(1) === Math.E, Math.sqrt(-1));
//# number/bitwise
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 31, -1 >>> 0, -16 >> 2, 2 ** 32 | 0);
//# number/division-edge
print(1 / 0, -1 / 0, 0 / 0, -0 === 0, 1 / -0, 5 % 3, -5 % 3, 5.5 % 2);
//# number/string-number-coercion
print('3' * '4', '3' + 4, '10' / '4', '5' - 2, +true, +[], +{}, +'', +' ', +null, +undefined);
//# number/currency-format-manual
const fmt = n => n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ','); print(fmt(1234567.891), fmt(0.5), fmt(-1234.5));
//# number/Number-toString-large-small
print(String(1e20), String(1e21), String(1e-6), String(1e-7), String(-1e-7), String(2 ** 70));
//# number/percent-rounding
const pct = (a, b) => Math.round((a / b) * 1000) / 10; print(pct(1, 3), pct(2, 3), pct(5, 8));
//# number/random-range
const r = Math.random(); print(r >= 0 && r < 1, typeof r);
//# number/bigint-mixing-throws
try { 1n + 1; } catch (e) { print(e.name); }
