fn(state => ({
  default: scrubEmojis(state.data.text),
  custom: scrubEmojis(state.data.text, '?'),
  removed: scrubEmojis(state.data.text, ''),
  empty: scrubEmojis(''),
  nothing: scrubEmojis(null),
}));
