//# string/case
print('Hello'.toUpperCase(), 'ÉCOLE'.toLowerCase(), 'straße'.toUpperCase(), 'İ'.toLowerCase().length);
//# string/trim
print('[' + '  a b  '.trim() + ']', '[' + '  a'.trimStart() + ']', '[' + 'a  '.trimEnd() + ']', '[' + '\u00a0\tx\n'.trim() + ']');
//# string/pad
print('5'.padStart(3, '0'), 'ab'.padEnd(5, '-='), 'abc'.padStart(2), '7'.padStart(4));
//# string/split
print(JSON.stringify('a,b,,c'.split(',')), JSON.stringify('abc'.split('')), JSON.stringify('a1b2c3'.split(/\d/)), JSON.stringify('a b'.split(' ', 1)), JSON.stringify(''.split(',')));
//# string/split-regex-captures
print(JSON.stringify('a1b2c'.split(/(\d)/)));
//# string/replace-string
print('a-b-c'.replace('-', '+'), 'a-b-c'.replaceAll('-', '+'), 'aaa'.replace('a', '$&$&'));
//# string/replace-regex-fn
print('2024-01-31'.replace(/(\d+)-(\d+)-(\d+)/, (m, y, mo, d) => `${d}/${mo}/${y}`));
//# string/replace-named-groups
print('John Smith'.replace(/(?<first>\w+) (?<last>\w+)/, '$<last>, $<first>'));
//# string/replace-special-patterns
print('abc'.replace('b', "[$`|$'|$$]"));
//# string/includes-startsWith-endsWith
print('hello'.includes('ell'), 'hello'.startsWith('he'), 'hello'.endsWith('lo'), 'hello'.startsWith('l', 2), 'hello'.endsWith('l', 4));
//# string/indexOf-search
print('abcabc'.indexOf('c'), 'abcabc'.lastIndexOf('c'), 'abc'.search(/c/), 'abc'.indexOf(''), 'abc'.indexOf('x'));
//# string/slice-substring-substr
print('abcdef'.slice(1, -1), 'abcdef'.substring(4, 1), 'abcdef'.substr(-3, 2), 'abc'.slice(-10));
//# string/repeat-concat
print('ab'.repeat(3), 'a'.concat('b', 1, null), ''.repeat(5).length);
//# string/charAt-charCodeAt-codePointAt
print('abc'.charAt(1), 'abc'.charCodeAt(1), '😀'.codePointAt(0), '😀'.charCodeAt(0), 'abc'.charAt(9) === '');
//# string/fromCharCode-fromCodePoint
print(String.fromCharCode(72, 105), String.fromCodePoint(128512).length, String.fromCodePoint(0x41));
//# string/normalize
print('é'.normalize('NFD').length, 'e\u0301'.normalize('NFC').length, 'e\u0301' === 'é');
//# string/localeCompare-basic
print('a'.localeCompare('b'), 'b'.localeCompare('a'), 'a'.localeCompare('a'));
//# string/match
print(JSON.stringify('a1b22'.match(/\d+/g)), 'abc'.match(/x/), 'abc'.match(/(b)(c)/).index, JSON.stringify([...'abc'.match(/(b)(c)/)]));
//# string/matchAll
print([...'x1y22z333'.matchAll(/\d+/g)].map(m => m[0] + '@' + m.index).join());
//# string/template-number-formatting
print(`${0.1 + 0.2}`, `${1e21}`, `${-0}`, `${1 / 3}`, `${123456789012345680000}`);
//# string/comparison
print('a' < 'b', 'B' < 'a', '10' < '9', 10 < 9, 'abc' > 'ab');
//# string/unicode-length
print('😀'.length, [...'😀👍'].length, 'é'.length, Array.from('👨‍👩‍👧').length);
//# string/escape-sequences
print(JSON.stringify('tab\there'), JSON.stringify('quote"back\\slash'), 'line1\nline2'.split('\n').length);
//# string/String-conversion
print(String(null), String(undefined), String(123), String(true), String([1, [2]]), String(Symbol('s')));
//# string/number-to-string-radix
print((255).toString(16), (255).toString(2), (-255).toString(36), (0.5).toString(2), parseInt('ff', 16));
//# string/isWellFormed
print('abc'.isWellFormed(), '\uD800'.isWellFormed(), '\uD800'.toWellFormed().charCodeAt(0));
//# string/slugify
const slug = s => s.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''); print(slug('  Hello, World! 2024 '));
//# string/capitalize-words
print('the quick brown fox'.split(' ').map(w => w[0].toUpperCase() + w.slice(1)).join(' '));
//# string/mask-secret
const mask = s => s.slice(0, 2) + '*'.repeat(Math.max(0, s.length - 4)) + s.slice(-2); print(mask('supersecret'));
//# string/phone-normalize
print('+855 (12) 345-678'.replace(/[^\d+]/g, ''), '012 345 678'.replace(/\s/g, '').replace(/^0/, '+855'));
//# string/csv-parse-simple
const csv = 'id,name\n1,Ann\n2,Bob'; const [head, ...rows] = csv.split('\n').map(l => l.split(',')); print(JSON.stringify(rows.map(r => Object.fromEntries(r.map((v, i) => [head[i], v])))));
//# string/at-and-negative
print('hello'.at(0), 'hello'.at(-1), 'hello'.at(10));
//# string/raw-unicode-escape-in-regex
print(/\u{1F600}/u.test('😀'), /^.$/u.test('😀'), /^.$/.test('😀'));
//# string/tostring-of-functions
function f(a) { return a; } print(String(f).startsWith('function f(a)'), String(() => 1));
//# string/number-parsing-edge
print(Number(''), Number(' 12 '), Number('12px'), parseInt('12px'), parseFloat('.5e1'), Number('0x10'), Number('1_000'), +'Infinity');
//# string/upper-non-ascii
print('ñandú'.toUpperCase(), 'ǅ'.toLowerCase(), 'ß'.toLowerCase());
//# string/split-limit-and-join
print('a,b,c,d'.split(',', 2).join('|'), ['x'].join(undefined), [1, 2].join(null));
//# string/iterate-combining-marks
const khmer = 'សុខា'; const decomposed = 'Jose\u0301'; print([...khmer].length, Array.from(decomposed).length, new Set('e\u0301e').size, [...'👍🏽'].length);
//# string/iterate-for-of-code-points
const out = []; for (const c of 'a😀e\u0301') out.push(c.length); print(out.join());
