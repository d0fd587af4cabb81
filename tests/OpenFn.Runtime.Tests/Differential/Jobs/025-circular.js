fn(state => {
  const node = { name: 'root', children: [] };
  const child = { name: 'child', parent: node };
  node.children.push(child);
  node.self = node;
  const shared = { s: 1 };
  return { ...state, data: node, twice: [shared, shared] };
});
