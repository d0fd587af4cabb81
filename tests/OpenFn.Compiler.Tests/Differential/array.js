//# array/map-filter-reduce
const a = [1, 2, 3, 4, 5]; print(a.map(x => x * 2).filter(x => x > 4).reduce((s, x) => s + x, 0));
//# array/reduce-no-initial
print([1, 2, 3].reduce((a, b) => a * b), [[1], [2]].reduce((a, b) => a.concat(b)).join());
//# array/reduce-empty-throws
try { [].reduce((a, b) => a); } catch (e) { print(e.name); }
//# array/reduceRight
print(['a', 'b', 'c'].reduceRight((s, x) => s + x, ''));
//# array/find-family
const a = [5, 12, 8, 130, 44]; print(a.find(x => x > 10), a.findIndex(x => x > 10), a.findLast(x => x > 10), a.findLastIndex(x => x > 100), a.find(x => x > 1000));
//# array/some-every
print([1, 2].some(x => x > 1), [1, 2].every(x => x > 1), [].every(x => false), [].some(x => true));
//# array/includes-indexOf-NaN
print([NaN].includes(NaN), [NaN].indexOf(NaN), [1, 2, 3].includes(2, 2), [1, 2, 1].lastIndexOf(1));
//# array/flat-flatMap
print(JSON.stringify([1, [2, [3, [4]]]].flat()), JSON.stringify([1, [2, [3, [4]]]].flat(Infinity)), [1, 2].flatMap(x => [x, x * 10]).join());
//# array/sort-default-is-string
print([10, 9, 1, 100, 25].sort().join(), ['b', 'a', 'C'].sort().join());
//# array/sort-numeric
print([10, 9, 1, 100, 25].sort((a, b) => a - b).join());
//# array/sort-stable
const people = [{ n: 'a', g: 2 }, { n: 'b', g: 1 }, { n: 'c', g: 2 }, { n: 'd', g: 1 }]; print(people.sort((x, y) => x.g - y.g).map(p => p.n).join());
//# array/sort-undefined-last
print(JSON.stringify([3, undefined, 1, undefined, 2].sort()));
//# array/toSorted-toReversed-with
const a = [3, 1, 2]; print(a.toSorted().join(), a.toReversed().join(), a.with(0, 9).join(), a.join());
//# array/toSpliced
print([1, 2, 3, 4].toSpliced(1, 2, 'x').join());
//# array/splice
const a = [1, 2, 3, 4, 5]; const removed = a.splice(1, 2, 'a', 'b', 'c'); print(a.join(), removed.join());
//# array/slice-negative
print([1, 2, 3, 4].slice(-2).join(), [1, 2, 3].slice(1, -1).join());
//# array/at
print([1, 2, 3].at(-1), [1, 2, 3].at(5), 'abc'.at(-2));
//# array/from-variants
print(Array.from({ length: 3 }, (_, i) => i * i).join(), Array.from('ab').join(), Array.from(new Set([1, 1, 2])).join(), Array.from(new Map([[1, 'a']])).join());
//# array/of-and-isArray
print(Array.of(7).length, Array(7).length, Array.isArray([]), Array.isArray({ length: 0 }));
//# array/fill-copyWithin
print(new Array(3).fill(0).join(), [1, 2, 3, 4, 5].copyWithin(0, 3).join(), [1, 2, 3].fill(9, 1).join());
//# array/join-nested-null
print([1, null, undefined, [2, 3], 'x'].join('-'), [[]].join(), String([null]));
//# array/entries-keys-values
const a = ['a', 'b']; print([...a.entries()].join('|'), [...a.keys()].join(), [...a.values()].join());
//# array/forEach-index
const out = []; ['x', 'y'].forEach((v, i, arr) => out.push(v + i + arr.length)); print(out.join());
//# array/concat-spreadable
print([1].concat(2, [3, [4]]).length, JSON.stringify([1].concat([[2]])));
//# array/length-truncate
const a = [1, 2, 3, 4]; a.length = 2; print(a.join(), a.length);
//# array/reverse-in-place
const a = [1, 2, 3]; const r = a.reverse(); print(a.join(), r === a);
//# array/push-pop-shift-unshift
const a = [2]; a.push(3, 4); a.unshift(0, 1); print(a.pop(), a.shift(), a.join(), a.length);
//# array/group-by-reduce
const rows = [{ t: 'a', v: 1 }, { t: 'b', v: 2 }, { t: 'a', v: 3 }]; const g = rows.reduce((acc, r) => { (acc[r.t] ||= []).push(r.v); return acc; }, {}); print(JSON.stringify(g));
//# array/Object.groupBy
const g = Object.groupBy([1, 2, 3, 4, 5], x => x % 2 ? 'odd' : 'even'); print(JSON.stringify(g));
//# array/Map.groupBy
const g = Map.groupBy([1, 2, 3], x => x > 1); print([...g.entries()].map(([k, v]) => k + ':' + v.join('|')).join());
//# array/dedupe-by-key
const rows = [{ id: 1 }, { id: 2 }, { id: 1 }]; const seen = new Set(); print(rows.filter(r => !seen.has(r.id) && seen.add(r.id)).length);
//# array/chunk
const chunk = (a, n) => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n)); print(JSON.stringify(chunk([1, 2, 3, 4, 5], 2)));
//# array/zip
const zip = (a, b) => a.map((x, i) => [x, b[i]]); print(JSON.stringify(zip([1, 2], ['a', 'b'])));
//# array/sum-avg
const v = [3, 5, 10]; const sum = v.reduce((a, b) => a + b, 0); print(sum, sum / v.length, Math.min(...v));
//# array/sort-localeCompare-ascii
print(['banana', 'apple', 'Cherry'].sort((a, b) => a.localeCompare(b)).join());
//# array/sort-by-multiple
const r = [{ a: 1, b: 'z' }, { a: 0, b: 'y' }, { a: 1, b: 'a' }]; print(r.sort((x, y) => x.a - y.a || (x.b < y.b ? -1 : 1)).map(x => x.a + x.b).join());
//# array/typed-arrays
const t = new Uint8Array([255, 256, -1]); print(t.join(), new Float64Array(2).length, Int16Array.from([1, 2]).map(x => x * 3).join());
//# array/array-like
const al = { 0: 'a', 1: 'b', length: 2 }; print(Array.prototype.map.call(al, x => x.toUpperCase()).join());
//# array/large-sparse
const a = []; a[100] = 1; print(a.length, a.filter(() => true).length, Object.keys(a).join());
//# array/toString
print([1, [2, 3]].toString(), String([]), [] + [], [1] + [2]);
//# array/findLast-object
print(JSON.stringify([{ s: 'open' }, { s: 'closed', id: 2 }, { s: 'closed', id: 3 }].findLast(x => x.s === 'closed')));
//# array/index-of-objects
const o = { a: 1 }; print([o].indexOf(o), [{ a: 1 }].indexOf({ a: 1 }));
//# array/every-with-index
print([0, 1, 2].every((x, i) => x === i));
//# array/keys-of-sparse
print([...[, 'a'].keys()].join(), Object.keys([, 'a']).join());
//# array/flat-holes
print([1, , [2, , 3]].flat().length);
