// language-primero 2.7.0 / 4.x on Primero API v2, job-facing half (openfn-semantics §5.1-5.2).
// Arguments are resolved here; login, paging, searches and HTTP happen in C# through host.invoke.
(function (common, host, version) {
  'use strict';

  const isV2_7 = version === '2.7.0';

  function invoke(state, name, args) {
    return host.invoke(name, args, state.configuration);
  }

  function resolve(state, value) {
    return common.expandReferences(state, value);
  }

  // Next state from a host result { data, metadata?, unchanged? }, then the optional callback (awaited by the runtime).
  function next(state, result, callback, withMetadata) {
    if (result && result.unchanged) return state;
    let nextState = common.composeNextState(state, result ? result.data : undefined);
    if (withMetadata && !isV2_7 && result.metadata) nextState = { ...nextState, metadata: result.metadata };
    return callback ? callback(nextState) : nextState;
  }

  function getCases(query, options, callback) {
    return function (state) {
      const resolvedQuery = resolve(state, query);
      const resolvedOptions = resolve(state, options);
      return next(state, invoke(state, 'getCases', [resolvedQuery || {}, resolvedOptions || {}]), callback, true);
    };
  }

  function createCase(params, callback) {
    return function (state) {
      const { data } = resolve(state, params) || {};
      return next(state, invoke(state, 'createCase', [data]), callback);
    };
  }

  function updateCase(id, params, callback) {
    return function (state) {
      const { data } = resolve(state, params) || {};
      return next(state, invoke(state, 'updateCase', [resolve(state, id), data]), callback);
    };
  }

  function upsertCase(params, callback) {
    return function (state) {
      const { data, externalIds } = resolve(state, params) || {};
      return next(state, invoke(state, 'upsertCase', [{ data, externalIds }]), callback);
    };
  }

  // Early 2.x took a record id; later ones { externalId, id }. Both are accepted.
  function getReferrals(params, callback) {
    return function (state) {
      const resolved = resolve(state, params);
      const lookup = typeof resolved === 'object' && resolved !== null ? resolved : { externalId: 'record_id', id: resolved };
      return next(state, invoke(state, 'getReferrals', [lookup]), callback);
    };
  }

  function createReferrals(params, callback) {
    return function (state) {
      const { data } = resolve(state, params) || {};
      return next(state, invoke(state, 'createReferrals', [data]), callback);
    };
  }

  // 2.8+ names: { caseExternalId, caseId, id (the referral), data }.
  function updateReferral(params, callback) {
    return function (state) {
      const { caseExternalId, caseId, id, data } = resolve(state, params) || {};
      return next(state, invoke(state, 'updateReferral', [{ caseExternalId, caseId, id, data }]), callback);
    };
  }

  // 2.7.0 names: { externalId, id (the case), referral_id, data }.
  function updateReferralsV2_7(params, callback) {
    return function (state) {
      const { externalId, id, referral_id, data } = resolve(state, params) || {};
      return next(state, invoke(state, 'updateReferral', [{ caseExternalId: externalId, caseId: id, id: referral_id, data }]), callback);
    };
  }

  function listOperation(name) {
    return function (query, callback) {
      return function (state) {
        return next(state, invoke(state, name, [resolve(state, query) || {}]), callback);
      };
    };
  }

  function httpOperation(method, withData) {
    return function (path, dataOrOptions, maybeOptions) {
      return function (state) {
        const data = withData ? resolve(state, dataOrOptions) : undefined;
        const options = resolve(state, withData ? maybeOptions : dataOrOptions);
        const response = invoke(state, 'http', [method, resolve(state, path), data, options || {}]);
        const { body, ...responseWithoutBody } = response;
        return { ...common.composeNextState(state, body), response: responseWithoutBody };
      };
    };
  }

  const execute = {
    before: function (state) {
      const initial = { references: [], data: null, ...state };
      invoke(initial, 'login', []);
      return initial;
    },
    after: function (state) {
      if (state && typeof state === 'object') delete state.auth;
      return state;
    },
  };

  const operations = { getCases, createCase, updateCase, upsertCase, getReferrals, createReferrals, execute };
  if (isV2_7) {
    operations.updateReferrals = updateReferralsV2_7;
    return operations;
  }
  return {
    ...operations,
    updateReferral,
    updateReferrals: updateReferral,
    getForms: listOperation('getForms'),
    getLookups: listOperation('getLookups'),
    getLocations: listOperation('getLocations'),
    http: { get: httpOperation('GET', false), post: httpOperation('POST', true), patch: httpOperation('PATCH', true) },
  };
})
