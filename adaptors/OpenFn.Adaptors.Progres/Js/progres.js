// UNHCR proGres v4 through DTP (no OpenFn package; system-apis §3, §6). Arguments are resolved here; validation,
// the subscription key, the client certificate and HTTP happen in C#.
(function (common, host) {
  'use strict';

  // An operation that posts one message; the next state's data is DTP's answer.
  function send(name) {
    return function (message, callback) {
      return function (state) {
        const result = host.invoke(name, [common.expandReferences(state, message)], state.configuration);
        const nextState = common.composeNextState(state, result.data);
        return typeof callback === 'function' ? callback(nextState) : nextState;
      };
    };
  }

  // A plain function a job calls inside an operation, e.g. fn(state => ({ ...state, interventions: parseReferral(state.data) })).
  function utility(name) {
    return function (payload) {
      return host.invoke(name, [payload]);
    };
  }

  return {
    sendReferral: send('sendReferral'),
    sendDecision: send('sendDecision'),
    sendSuccessNotification: send('sendSuccessNotification'),
    sendErrorNotification: send('sendErrorNotification'),
    parseReferral: utility('parseReferral'),
    parseDecision: utility('parseDecision'),
    codes: utility('codes'),
    execute: {
      before: function (state) { return { references: [], data: null, ...state }; },
      after: function (state) { return state; },
    },
  };
})
