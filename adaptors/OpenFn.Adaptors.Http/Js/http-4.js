// language-http 4.2.8, job-facing half (openfn-semantics §4.3): (path, params, callback), selective resolution of params,
// transformResponse, tryJson and keepCookie's __cookie/__headers. The axios wire format lives in C# (host.invoke('request')).
(function (common, host) {
  'use strict';

  // common 1.x http.expandRequestReferences: only these top-level keys are resolved; `query` is not among them,
  // and a params function is not called (it has no keys).
  const RESOLVED_KEYS = ['agentOptions', 'body', 'json', 'data', 'form', 'formData', 'headers', 'options', 'params', 'url'];

  function expandRequestReferences(state, params) {
    const resolved = {};
    if (params === null || typeof params !== 'object') return resolved;
    for (const key of Object.keys(params)) {
      resolved[key] = RESOLVED_KEYS.indexOf(key) >= 0 ? common.expandReferences(state, params[key]) : params[key];
    }
    return resolved;
  }

  function tryJson(data) {
    if (typeof data !== 'string') return data;
    try {
      return JSON.parse(data);
    } catch (e) {
      return { body: data };
    }
  }

  function applyTransforms(raw, headers, transforms) {
    const list = Array.isArray(transforms) ? transforms : [transforms];
    return list.reduce(function (data, transform) {
      return typeof transform === 'function' ? transform(data, headers) : data;
    }, raw);
  }

  function withCookies(data, cookies, headers) {
    const extendable = Array.isArray(data) ? { body: data } : (data !== null && typeof data === 'object' ? data : {});
    return { ...extendable, __cookie: cookies.length === 1 ? cookies[0] : cookies, __headers: headers };
  }

  function request(method, path, params, callback) {
    return function (state) {
      const resolvedPath = common.expandReferences(state, path);
      const resolvedParams = expandRequestReferences(state, params);
      const transforms = resolvedParams.transformResponse;
      const hasTransforms = transforms !== undefined && transforms !== null;
      const result = host.invoke('request', [method, resolvedPath, resolvedParams, hasTransforms], state.configuration);
      let data = hasTransforms ? applyTransforms(result.body, result.response.headers, transforms) : result.body;
      data = tryJson(data);
      if (resolvedParams.keepCookie) data = withCookies(data, result.cookies || [], result.response.headers);
      const nextState = { ...common.composeNextState(state, data), response: { ...result.response, data } };
      return callback ? callback(nextState) : nextState;
    };
  }

  return {
    get: function (path, params, callback) { return request('GET', path, params, callback); },
    post: function (path, params, callback) { return request('POST', path, params, callback); },
    put: function (path, params, callback) { return request('PUT', path, params, callback); },
    patch: function (path, params, callback) { return request('PATCH', path, params, callback); },
    del: function (path, params, callback) { return request('DELETE', path, params, callback); },
    execute: {
      before: function (state) { return { references: [], data: null, ...state }; },
      after: function (state) { return state; },
    },
  };
})
