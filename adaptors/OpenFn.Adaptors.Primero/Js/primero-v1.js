// language-primero 1.x on Primero API v1.1, job-facing half (openfn-semantics §5.3).
// getCases sends its query as written (functions in it are not resolved); login and HTTP happen in C#.
(function (common, host) {
  'use strict';

  function next(state, result, callback) {
    const nextState = common.composeNextState(state, result.data);
    return callback ? callback(nextState) : nextState;
  }

  function getCases(query, callback) {
    return function (state) {
      return next(state, host.invoke('getCases', [query || {}], state.configuration), callback);
    };
  }

  function createCase(params, callback) {
    return function (state) {
      const { data } = common.expandReferences(state, params) || {};
      return next(state, host.invoke('createCase', [data], state.configuration), callback);
    };
  }

  function updateCase(id, params, callback) {
    return function (state) {
      const { data } = common.expandReferences(state, params) || {};
      return next(state, host.invoke('updateCase', [common.expandReferences(state, id), data], state.configuration), callback);
    };
  }

  function upsertCase(params, callback) {
    return function (state) {
      const { data, externalIds } = common.expandReferences(state, params) || {};
      return next(state, host.invoke('upsertCase', [{ data, externalIds }], state.configuration), callback);
    };
  }

  return {
    getCases, createCase, updateCase, upsertCase,
    execute: {
      before: function (state) {
        const initial = { references: [], data: null, ...state };
        host.invoke('login', [], initial.configuration);
        return initial;
      },
      after: function (state) {
        if (state && typeof state === 'object') delete state.auth;
        return state;
      },
    },
  };
})
