fn(state => ({
  open: source('$.data.cases[?(@.status == "open")].case_id')(state),
  olderThan10: source('$.data.cases[?(@.age > 10 && @.sex === \'male\')].name')(state),
  health: source('$.data.cases[*].services[?(@.type == "health")].done')(state),
  byProperty: source('$.data.meta[?(@property != "per")]')(state),
  withMethod: source('$.data.cases[?(@.name.startsWith("s"))].case_id')(state),
  districts: source('$..district')(state),
  slice: source('$.data.cases[1:3].case_id')(state),
  negative: source('$.data.cases[-1:].case_id')(state),
  union: source('$.data.meta[total,page]')(state),
  bracket: source("$['data']['meta']['per']")(state),
  rootOnly: source('$')(state) === state,
  length: sourceValue('$.data.cases.length')(state),
}));
