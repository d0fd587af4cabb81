fn(state => ({
  encoded: util.encode({ a: 1 }),
  encodedText: util.encode('plain text'),
  decoded: util.decode(util.encode({ a: [1, 2] })),
  decodedText: util.decode('aGVsbG8='),
  basic: util.makeBasicAuthHeader('user', 'pa:ss'),
  expanded: util.expandReferences(state, s => s.data.meta.total, { x: s => s.data.flag }),
  url: util.parseUrl('/api/v2/cases?page=2&q=a+b', 'https://primero.example.org/base'),
  absolute: util.parseUrl('https://primero.example.org/x?y=1&y=2'),
}));
