// OSCaR interop API (no OpenFn package; system-apis §2). Arguments are resolved here; sign-in and HTTP happen in C#.
(function (common, host) {
  'use strict';

  function operation(name, arity) {
    return function () {
      const args = Array.prototype.slice.call(arguments, 0, arity);
      const callback = arguments[arity];
      return function (state) {
        const resolved = args.map(function (arg) { return common.expandReferences(state, arg); });
        const result = host.invoke(name, resolved, state.configuration);
        const nextState = common.composeNextState(state, result.data);
        return typeof callback === 'function' ? callback(nextState) : nextState;
      };
    };
  }

  return {
    getClients: operation('getClients', 2),
    upsertClients: operation('upsertClients', 2),
    updateLinks: operation('updateLinks', 1),
    updateStatuses: operation('updateStatuses', 1),
    execute: {
      before: function (state) { return { references: [], data: null, ...state }; },
      after: function (state) { return state; },
    },
  };
})
