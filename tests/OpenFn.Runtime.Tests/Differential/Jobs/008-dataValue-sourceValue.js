fn(state => ({
  ...state,
  firstName: dataValue('cases[0].name')(state),
  total: sourceValue('$.data.meta.total')(state),
  missing: dataValue('nope.nothing')(state),
  allNames: source('$.data.cases[*].name')(state),
  path: dataPath('$.a.b'),
  path2: dataPath('x'),
  refPath: referencePath('[1].page'),
}));
