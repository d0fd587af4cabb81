fn(async state => {
  try {
    return await parseCsv('a,b\n1,2\n3\n')(state);
  } catch (e) {
    return { ...state, failed: { message: e.message, code: e.code } };
  }
});
