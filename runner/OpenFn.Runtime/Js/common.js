// language-common for jobs: pure logic, run inside the job engine. Minimal seed; see docs/openfn-semantics.md §3.
(function () {
  function expandReferences(state, value) {
    if (typeof value === 'function') return expandReferences(state, value(state));
    if (Array.isArray(value)) return value.map(v => expandReferences(state, v));
    if (value !== null && typeof value === 'object' && !(value instanceof RegExp)) {
      const out = {};
      for (const key of Object.keys(value)) out[key] = expandReferences(state, value[key]);
      return out;
    }
    return value;
  }

  function composeNextState(state, data) {
    if (!state.references) state.references = [];
    return { ...state, data, references: [...state.references, state.data] };
  }

  function fn(f) { return state => f(state); }

  return { expandReferences, composeNextState, fn, alterState: fn };
})
