// state: { "data": { "csv": "a;b\n1;2\n3;4\n5;6\n7;8\n9;10" }, "references": [] }
parseCsv('a;b\n1;2\n3;4\n5;6\n7;8\n9;10', { delimiter: ';', chunkSize: 2, unknownOption: true }, (state, rows) => {
  state.batches = (state.batches || []).concat([rows.map(r => r.a + '-' + r.b)]);
  return state;
});
