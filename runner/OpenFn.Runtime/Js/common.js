// @openfn/language-common 3.3.4 for jobs, run inside the job engine (source name "@openfn/language-common").
// Pure logic only; CSV parsing and uuids come from the host through `lib`. Semantics follow
// docs/openfn-semantics.md §3, including the package's quirks (lastReferenceValue reads the oldest reference,
// cursor() keeps its key for later calls, group() drops items whose key is undefined).
(function (lib, console) {
  'use strict';

  const { JSONPath } = lib.jsonpath;
  const dateFns = lib.dateFns;
  const Buffer = lib.Buffer;

  // ---- references (§3.1)
  function isStream(value) {
    return !!(value && typeof value === 'object' && (value.pipeTo || value.pipe));
  }

  function expandReference(state, value) {
    if (Buffer.isBuffer(value) || (value != null && value.constructor && value.constructor.name === 'RegExp')) return value;
    if (Array.isArray(value)) return value.map(item => expandReference(state, item));
    if (typeof value === 'object' && !!value && !isStream(value)) {
      const out = {};
      for (const key of Object.keys(value)) out[key] = expandReference(state, value[key]);
      return out;
    }
    if (typeof value === 'function') return expandReference(state, value(state));
    return value;
  }

  function expandReferences(state, ...args) {
    return args.map(value => expandReference(state, value));
  }

  // ---- util namespace (§3.5): the pure helpers
  function throwError(code, { description, fix, ...extras } = {}) {
    const message = description ? `${code}: ${description}` : code;
    const error = new Error(message);
    error.code = code;
    if (description) error.description = description;
    if (fix) error.fix = fix;
    for (const key in extras) error[key] = extras[key];
    throw error;
  }

  function encode(data, options = { parseJson: true }) {
    let text = data;
    if (typeof data !== 'string' && options.parseJson) {
      try {
        text = JSON.stringify(text);
      } catch (e) {
        console.log(e.message);
      }
    }
    return Buffer.from(text, 'utf-8').toString('base64');
  }

  function decode(base64Data, options = { parseJson: true }) {
    let decoded = Buffer.from(base64Data, 'base64').toString('utf-8');
    if ((decoded.startsWith('[') || decoded.startsWith('{')) && options.parseJson) {
      try {
        decoded = JSON.parse(decoded);
      } catch (e) {
        console.log(e.message);
      }
    }
    return decoded;
  }

  function makeBasicAuthHeader(username, password) {
    const credentials = Buffer.from(`${username}:${password}`).toString('base64');
    return { Authorization: `Basic ${credentials}` };
  }

  function logResponse(response) {
    const { method, url, statusCode, duration, query } = response;
    if (method && url && duration && statusCode) {
      const queryString = Object.keys(query || {}).map(k => encodeURIComponent(k) + '=' + encodeURIComponent(query[k])).join('&');
      const urlWithQuery = queryString ? `${url}?${queryString}` : url;
      const message = `${method} ${urlWithQuery} - ${statusCode} in ${duration}ms`;
      if (response instanceof Error) {
        console.error(message);
        console.error('response body: ');
        console.error(response.body || '[no body]');
      } else {
        console.log(message);
      }
    }
    return response;
  }

  function normalizeOauthConfig(configuration) {
    const { access_token, accessToken } = configuration;
    if (access_token && accessToken) {
      throw new Error('Both "accessToken" & "access_token" keys found in configuration; please use only "access_token" for OAuth2 credentials.');
    }
    if (access_token) return { ...configuration, accessToken: access_token };
    console.log('Key "access_token" not found in state.configuration;', 'is this a standard OAuth 2.0 JSON credential?');
    if (accessToken) console.log('Using "accessToken" from state.configuration');
    return configuration;
  }

  const ERROR_ABSOLUTE_URL = 'Absolute URLs not supported';
  const ERROR_URL_MISMATCH = 'Target origin does not match baseUrl origin';

  function assertRelativeUrl(path) {
    if (/https?:\/\//.test(path)) {
      const error = new Error('UNEXPECTED_ABSOLUTE_URL');
      error.code = 'UNEXPECTED_ABSOLUTE_URL';
      error.description = 'An absolute URL was provided (https://...) but only a path (/a/b/c) is supported';
      error.url = path;
      error.fix = 'Remove the protocol, domain and origin from the provided URL. Maybe you need to use the generic HTTP helper functions instead?';
      throw error;
    }
  }

  function splitUrl(text) {
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/*([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(text);
    if (!match || !match[2]) throw new TypeError(`Invalid URL: ${text}`);
    const protocol = match[1].toLowerCase();
    const host = match[2].toLowerCase().replace(protocol === 'https' ? /:443$/ : /:80$/, '');
    return { protocol, host, origin: `${protocol}://${host}`, pathname: match[3] || '/', search: match[4] || '' };
  }

  function normalizePosix(path) {
    const absolute = path.startsWith('/');
    const out = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return (absolute ? '/' : '') + out.join('/') + (path.endsWith('/') && out.length ? '/' : '');
  }

  function parseQuery(search) {
    const query = {};
    for (const pair of search.replace(/^\?/, '').split('&')) {
      if (!pair) continue;
      const at = pair.indexOf('=');
      const key = decodeURIComponent((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, ' '));
      const value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
      if (Object.prototype.hasOwnProperty.call(query, key)) query[key] = [].concat(query[key], value);
      else query[key] = value;
    }
    return query;
  }

  function parseUrl(pathOrUrl = '', baseUrl) {
    let full;
    if (/https?:\/\//.test(pathOrUrl)) {
      full = splitUrl(pathOrUrl);
      if (baseUrl) {
        const base = splitUrl(baseUrl);
        if (full.origin !== base.origin) {
          const error = new Error(ERROR_URL_MISMATCH);
          error.code = 'BASE_URL_MISMATCH';
          error.description = 'A request was attempted to an absolute URL, but a different base URL was specified. This is a potential security violation.';
          error.target = pathOrUrl;
          error.baseUrl = baseUrl;
          error.fix = 'Try using a generic HTTP function to access the target URL';
          throw error;
        }
      }
    } else if (baseUrl) {
      const base = splitUrl(baseUrl);
      const queryAt = pathOrUrl.indexOf('?');
      const path = queryAt < 0 ? pathOrUrl : pathOrUrl.slice(0, queryAt);
      const search = queryAt < 0 ? '' : pathOrUrl.slice(queryAt);
      full = { ...base, pathname: normalizePosix(base.pathname + '/' + path) || '/', search };
    } else {
      splitUrl(pathOrUrl);
    }
    return {
      url: full.origin + full.pathname + (full.search.length > 1 ? full.search : ''),
      baseUrl: full.origin,
      path: full.pathname,
      query: parseQuery(full.search),
    };
  }

  function parseDate(d, startDate) {
    try {
      if (d === 'start') return startDate;
      if (d === 'now' || d === 'end') return new Date();
      if (d === 'today') return dateFns.startOfToday();
      if (d === 'yesterday') return dateFns.startOfYesterday();
      if (/(hours? ago)$/.test(d)) {
        const [diff] = d.match(/\d+/);
        return dateFns.subHours(new Date(), diff);
      }
      if (/(days? ago)$/.test(d)) {
        const [diff] = d.match(/\d+/);
        return dateFns.startOfDay(dateFns.subDays(new Date(), diff));
      }
    } catch (e) {
      console.log(`Error converting ${d} into a date`);
      console.log(e);
    }
    return d;
  }

  const util = Object.freeze({
    expandReferences,
    encode,
    decode,
    uuid: () => lib.uuid(),
    parseDate,
    throwError,
    makeBasicAuthHeader,
    logResponse,
    normalizeOauthConfig,
    assertRelativeUrl,
    parseUrl,
    ERROR_ABSOLUTE_URL,
    ERROR_URL_MISMATCH,
  });

  // ---- small lodash equivalents used by group() and fields()
  function toPath(path) {
    if (Array.isArray(path)) return path.map(String);
    const parts = [];
    String(path).replace(/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g, (match, number, quote, quoted) => {
      parts.push(quote ? quoted : (number !== undefined ? number : match));
      return match;
    });
    return parts;
  }

  function get(object, path) {
    if (object == null) return undefined;
    if (!Array.isArray(path) && (typeof path !== 'string' || Object.prototype.hasOwnProperty.call(Object(object), path) || !/[.[\]]/.test(path))) {
      return object[path];
    }
    let value = object;
    for (const key of toPath(path)) {
      if (value == null) return undefined;
      value = value[key];
    }
    return value;
  }

  // ---- operations and utilities (§3.2, §3.3)
  function execute(...operations) {
    return state => operations.reduce((acc, operation) => acc.then(operation), Promise.resolve(state));
  }

  function fn(func) {
    return state => func(state);
  }

  function alterState(func) {
    return fn(func);
  }

  function fnIf(condition, operation) {
    return state => {
      const [resolvedCondition] = expandReferences(state, condition);
      return resolvedCondition ? operation(state) : state;
    };
  }

  function jsonValue(obj, path) {
    return JSONPath({ path, json: obj })[0];
  }

  function sourceValue(path) {
    return state => JSONPath({ path, json: state })[0];
  }

  function source(path) {
    return state => JSONPath({ path, json: state });
  }

  function dataPath(path) {
    const cleanPath = path.match(/^[$.]*(.+)/)[1];
    return '$.data.'.concat(cleanPath);
  }

  function dataValue(path) {
    return sourceValue(dataPath(path));
  }

  function referencePath(path) {
    const cleanPath = path.match(/^[$.]*(.+)/)[1];
    return '$.references'.concat(cleanPath);
  }

  function lastReferenceValue(path) {
    return sourceValue(referencePath('[0]'.concat('.', path)));
  }

  function map(path, callback) {
    return async state => {
      const results = [];
      const values = typeof path === 'string' ? source(path)(state) : path;
      let i = 0;
      for (const item of values) {
        results.push(await callback(item, i++, state));
      }
      return { ...state, data: results };
    };
  }

  function asData(data, state) {
    switch (typeof data) {
      case 'string': return source(data)(state);
      case 'object': return data;
      case 'function': return data(state);
    }
    return undefined;
  }

  function each(dataSource, operation) {
    if (!dataSource) throw new TypeError('dataSource argument for each operation is invalid.');
    return state => {
      const items = asData(dataSource, state);
      const total = Array.isArray(items) ? items.length : undefined;
      const last = items.reduce((current, data, index) => {
        if (current.then) return current.then(next => lib.progress(index, total) || operation({ ...next, data, index }));
        return lib.progress(index, total) || operation({ ...current, data, index });
      }, state);
      if (last && last.then) return last.then(result => lib.progress(total, total) || result);
      return lib.progress(total, total) || last;
    };
  }

  function combine(...operations) {
    return state => operations.reduce((current, operation) => {
      if (current.then) return current.then(next => operation({ ...next }));
      return operation({ ...current });
    }, state);
  }

  function join(targetPath, sourcePath, targetKey) {
    return state => source(targetPath)(state).map(item => ({ [targetKey]: sourceValue(sourcePath)(state), ...item }));
  }

  function field(key, value) {
    return [key, value];
  }

  function fields(...pairs) {
    const out = {};
    for (const pair of pairs) {
      if (pair) out[pair[0]] = pair[1];
    }
    return out;
  }

  function merge(dataSource, fieldsToMerge) {
    return state => {
      const initialData = source(dataSource)(state);
      const [additionalData] = expandReferences(state, fieldsToMerge);
      return initialData.reduce((acc, item) => [...acc, { ...item, ...additionalData }], []);
    };
  }

  function group(arrayOfObjects, keyPath, callback = s => s) {
    return state => {
      const [resolvedArray, resolvedKeyPath] = expandReferences(state, arrayOfObjects, keyPath);
      const groups = {};
      const items = resolvedArray == null ? [] : (Array.isArray(resolvedArray) ? resolvedArray : Object.values(resolvedArray));
      for (const item of items) {
        const key = get(item, resolvedKeyPath);
        if (Object.prototype.hasOwnProperty.call(groups, key)) groups[key].push(item);
        else groups[key] = [item];
      }
      delete groups[undefined];
      return callback({ ...state, data: groups });
    };
  }

  function index() {
    return state => state.index;
  }

  function arrayToString(arr, separator) {
    return Array.apply(null, arr).join(separator);
  }

  function toArray(arg) {
    return new Array().concat(arg);
  }

  function composeNextState(state, response) {
    if (!state.references) state.references = [];
    return { ...state, data: response, references: [...state.references, state.data] };
  }

  function humanProper(str) {
    if (typeof str === 'string') {
      return str.replace(/[_-]/g, ' ').replace(/\w\S*/g, txt => txt.charAt(0).toUpperCase() + txt.substr(1).toLowerCase());
    }
    return str;
  }

  function splitKeys(obj, keys) {
    return Object.keys(obj).reduce(([keep, split], key) => {
      const value = obj[key];
      if (keys.includes(key)) return [keep, { ...split, [key]: value }];
      return [{ ...keep, [key]: value }, split];
    }, [{}, {}]);
  }

  function scrubEmojis(text, replacementChars) {
    if (!text) return text;
    if (replacementChars == '') { // eslint-disable-line eqeqeq
      console.warn(
        'Removing characters from a string may create injection vulnerabilities;',
        "It's better to replace than remove.",
        'See https://www.unicode.org/reports/tr36/#Deletion_of_Noncharacters');
    }
    const newChars = replacementChars || replacementChars == '' ? replacementChars : '\uFFFD'; // eslint-disable-line eqeqeq
    const emojisPattern = /(\uFE0F|\u00a9|\u00ae|[\u2000-\u3300]|\ud83c[\ud000-\udfff]|\ud83d[\ud000-\udfff]|\ud83e[\ud000-\udfff])/g;
    return text.replace(emojisPattern, newChars);
  }

  function chunk(array, chunkSize) {
    const output = [];
    for (let i = 0, len = array.length; i < len; i += chunkSize) output.push(array.slice(i, i + chunkSize));
    return output;
  }

  const CSV_DEFAULTS = {
    delimiter: ',',
    quote: '"',
    escape: '"',
    columns: true,
    bom: true,
    trim: true,
    ltrim: true,
    rtrim: true,
    chunkSize: Infinity,
    skip_empty_lines: true,
  };

  function parseCsv(csvData, parsingOptions = {}, callback) {
    return async state => {
      const [resolvedCsvData, resolvedParsingOptions] = expandReferences(state, csvData, parsingOptions);
      const filtered = Object.fromEntries(Object.entries(resolvedParsingOptions).filter(([key]) => key in CSV_DEFAULTS));
      const options = { ...CSV_DEFAULTS, ...filtered };
      if (options.chunkSize < 1) throw new Error('chunkSize must be at least 1');
      if (typeof resolvedCsvData !== 'string') {
        if (resolvedCsvData == null) throw new TypeError(`Cannot read properties of ${resolvedCsvData} (reading 'pipe')`);
        throw new TypeError('stream.pipe is not a function');
      }
      const records = lib.parseCsv(resolvedCsvData, options);
      let result = state;
      let buffer = [];
      for (const record of records) {
        buffer.push(record);
        if (buffer.length === options.chunkSize) {
          result = callback ? await callback(result, buffer) : composeNextState(result, buffer);
          buffer = [];
        }
      }
      if (buffer.length) result = callback ? await callback(result, buffer) : composeNextState(result, buffer);
      return result;
    };
  }

  let cursorStart;
  let cursorKey = 'cursor';

  function cursor(value, options = {}) {
    return state => {
      const { format, ...optionsWithoutFormat } = options;
      const [resolvedValue, resolvedOptions] = expandReferences(state, value, optionsWithoutFormat);
      const { defaultValue, key } = resolvedOptions;
      if (key) cursorKey = key;
      if (!cursorStart) cursorStart = new Date();
      const cursorValue = resolvedValue ?? defaultValue;
      if (typeof cursorValue === 'string') {
        const date = parseDate(cursorValue, cursorStart);
        if (date instanceof Date) {
          state[cursorKey] = (format == null ? undefined : format(date)) ?? date.toISOString();
          const formatted = format ? state[cursorKey] : dateFns.format(date, 'HH:mm d MMM yyyy (OOO)');
          console.log(`Setting ${cursorKey} "${cursorValue}" to: ${formatted}`);
          return state;
        }
      }
      state[cursorKey] = (format == null ? undefined : format(cursorValue)) ?? cursorValue;
      console.log(`Setting ${cursorKey} to:`, state[cursorKey]);
      return state;
    };
  }

  function assert(expression, errorMessage) {
    return state => {
      const [resolvedValue, resolvedErrorMessage] = expandReferences(state, expression, errorMessage);
      if (!resolvedValue) throw new Error(resolvedErrorMessage || `assertion statement failed with ${resolvedValue}`);
      return state;
    };
  }

  function log(...args) {
    return state => {
      const [resolvedArgs] = expandReferences(state, args);
      console.log(...resolvedArgs);
      return state;
    };
  }

  function debug(...args) {
    return state => {
      const [resolvedArgs] = expandReferences(state, args);
      console.debug(...resolvedArgs);
      return state;
    };
  }

  function as(key, operation) {
    return async state => {
      const [resolvedKey] = expandReferences(state, key);
      const previousData = state.data;
      const result = await operation(state);
      const { data, ...rest } = result;
      state[resolvedKey] = data;
      state.data = previousData;
      return { ...state, ...rest };
    };
  }

  function betaEach(dataSource, operation) {
    if (!dataSource) throw new TypeError('dataSource argument for each operation is invalid.');
    return previousState => {
      const items = asData(dataSource, previousState);
      const nextState = items.reduce((current, data, index) => {
        if (current.then) return current.then(next => operation({ ...next, data, index }));
        return operation({ ...current, data, index });
      }, previousState);
      if (nextState.then) return nextState.then(next => ({ ...next, data: previousState.data }));
      return { ...nextState, data: previousState.data };
    };
  }

  return {
    alterState,
    arrayToString,
    as,
    asData,
    assert,
    beta: Object.freeze({ each: betaEach }),
    chunk,
    combine,
    composeNextState,
    cursor,
    dataPath,
    dataValue,
    dateFns: Object.freeze({ format: dateFns.format, parse: dateFns.parse }),
    debug,
    each,
    execute,
    field,
    fields,
    fn,
    fnIf,
    group,
    humanProper,
    index,
    join,
    jsonValue,
    lastReferenceValue,
    log,
    map,
    merge,
    parseCsv,
    referencePath,
    scrubEmojis,
    source,
    sourceValue,
    splitKeys,
    toArray,
    util,
    // For adaptor modules (not a language-common export): one resolved value, §3.1.
    expandReferences: (state, value) => expandReference(state, value),
  };
})
