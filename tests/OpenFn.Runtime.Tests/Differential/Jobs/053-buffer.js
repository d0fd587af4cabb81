fn(state => {
  const b = Buffer.from('user:pässword ✓');
  return {
    base64: b.toString('base64'),
    hex: Buffer.from('hi').toString('hex'),
    back: Buffer.from(b.toString('base64'), 'base64').toString('utf8'),
    length: b.length,
    isBuffer: Buffer.isBuffer(b),
    json: Buffer.from([1, 2, 3]),
    byteLength: Buffer.byteLength('ä'),
    concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
  };
});
