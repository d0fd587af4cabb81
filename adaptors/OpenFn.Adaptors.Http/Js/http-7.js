// language-http 7.2.10, job-facing half (openfn-semantics §4.1). I/O happens in C# through host.invoke('request').
(function (common, host) {
  'use strict';

  const CONTENT_TYPES = { xml: 'application/xml', json: 'application/json', string: 'text/plain' };

  // The whole path and options (errors map included) are resolved against the current state, as common's util does.
  function request(method, path, options) {
    return function (state) {
      const resolvedPath = common.expandReferences(state, path);
      const resolvedOptions = common.expandReferences(state, options);
      const response = host.invoke('request', [method, resolvedPath, resolvedOptions === undefined ? {} : resolvedOptions],
        state.configuration);
      const { body, ...responseWithoutBody } = response;
      return { ...common.composeNextState(state, body), response: responseWithoutBody };
    };
  }

  function get(path, options) { return request('GET', path, options); }
  function post(path, data, options) { return request('POST', path, { body: data, ...options }); }
  function put(path, data, options) { return request('PUT', path, { body: data, ...options }); }
  function patch(path, data, options) { return request('PATCH', path, { body: data, ...options }); }
  function del(path, options) { return request('DELETE', path, options); }

  const util = Object.assign({}, common.util || {}, { CONTENT_TYPES });

  return {
    request: function (method, path, options) { return request(method, path, options); },
    get, post, put, patch, del, util,
    execute: {
      before: function (state) { return { references: [], data: null, ...state }; },
      after: function (state) { return state; },
    },
  };
})
