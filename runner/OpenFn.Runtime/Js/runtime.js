// The runtime's own helpers inside a job engine (source name "@openfn/runtime"): the null state marker (a hidden
// symbol key on the empty object that replaces a missing state),
// promise watching, defer (the compiler's .then/.catch rewrite), console formatting, error description,
// the host bridge adaptors call, and a Buffer that does what jobs use it for.
(function () {
  'use strict';

  const NULL_STATE = Symbol('null_state');
  const ADAPTOR_ERROR = Symbol('adaptor_error');

  // Settles a value the way `await` does and records the outcome in box.status / box.value.
  function watch(value, box) {
    if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') {
      box.status = 'pending';
      Promise.resolve(value).then(
        result => { box.status = 'fulfilled'; box.value = result; },
        error => { box.status = 'rejected'; box.value = error; });
    } else {
      box.status = 'fulfilled';
      box.value = value;
    }
    return box;
  }

  // Same contract as @openfn/runtime's defer: run the operation, pass its promise through the .then chain,
  // and hand a rejection to the .catch handler with the state the operation received.
  function defer(operation, complete, handleError) {
    const chain = complete || (promise => promise);
    const onError = handleError || (error => { throw error; });
    return state => {
      try {
        return chain(Promise.resolve(operation(state)).catch(error => onError(error, state)));
      } catch (error) {
        return onError(error, state);
      }
    };
  }

  // ---- JSON with OpenFn's rules: functions and undefined dropped, circular references as "[Circular]".
  function safeStringify(value, indent, maskConfiguration) {
    const ancestors = [];
    function decircle(key, item, holder) {
      if (item !== null && typeof item === 'object' && typeof item.toJSON !== 'function') {
        for (let i = 0; i < ancestors.length; i++) {
          if (ancestors[i] === item) return '[Circular]';
        }
        ancestors.push(item);
        let copy;
        if (Array.isArray(item)) {
          copy = new Array(item.length);
          for (let i = 0; i < item.length; i++) copy[i] = decircle(String(i), item[i], item);
        } else {
          copy = {};
          for (const k of Object.keys(item)) {
            copy[k] = maskConfiguration && ancestors.length === 1 && k === 'configuration' && item[k] && typeof item[k] === 'object'
              ? maskAll(item[k])
              : decircle(k, item[k], item);
          }
        }
        ancestors.pop();
        return copy;
      }
      return item;
    }
    return JSON.stringify(decircle('', value, null), null, indent);
  }

  function maskAll(configuration) {
    const masked = {};
    for (const key in configuration) masked[key] = '****';
    return masked;
  }

  // ---- console: what @openfn/logger prints for each argument.
  function formatArgument(item) {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint') return String(item);
    if (item === undefined) return 'undefined';
    if (item === null) return 'null';
    if (typeof item === 'symbol') return item.toString();
    if (typeof item === 'function') return `[Function: ${item.name || '(anonymous)'}]`;
    if (isError(item)) return item.stack && !/^\s*at /.test(item.stack) ? item.stack : `${item.name || 'Error'}: ${item.message}`;
    try {
      const text = safeStringify(item, 2, true);
      return text === undefined ? String(item) : text;
    } catch (e) {
      return String(item);
    }
  }

  function isError(item) {
    let proto = item;
    while (proto) {
      if (proto instanceof Error || (proto.constructor && proto.constructor.name === 'Error')) return true;
      proto = Object.getPrototypeOf(proto);
      if (proto === Object.prototype) return false;
    }
    return false;
  }

  function format(args) {
    let text = '';
    for (let i = 0; i < args.length; i++) {
      if (i > 0) text += ' ';
      text += formatArgument(args[i]);
    }
    return text;
  }

  // A console whose every method formats its arguments and hands (level, text) to emit.
  function createConsole(emit) {
    const make = level => function (...args) { emit(level, format(args)); };
    const logger = {
      log: make('info'),
      info: make('info'),
      debug: make('debug'),
      trace: make('debug'),
      warn: make('warn'),
      error: make('error'),
      success: make('success'),
      always: make('always'),
      print: make('always'),
      dir: make('info'),
      break: function () { emit('info', ''); },
    };
    return Object.freeze(logger);
  }

  // ---- errors: what the C# classifier needs to know about a thrown value.
  function describeError(error) {
    const info = { kind: typeof error };
    if (error === null || error === undefined) {
      info.message = String(error);
      return info;
    }
    try {
      info.constructorName = error.constructor && typeof error.constructor.name === 'string' ? error.constructor.name : undefined;
    } catch (e) { /* a hostile getter */ }
    if (typeof error === 'string') {
      info.message = error;
      return info;
    }
    if (typeof error === 'object' || typeof error === 'function') {
      info.message = typeof error.message === 'string' ? error.message : (error.message === undefined ? undefined : String(error.message));
      info.name = typeof error.name === 'string' ? error.name : undefined;
      info.stack = typeof error.stack === 'string' ? error.stack : undefined;
      info.severity = typeof error.severity === 'string' ? error.severity : undefined;
      info.adaptor = error[ADAPTOR_ERROR] === true;
      info.fix = error.fix;
      info.details = error.details;
      try {
        info.props = JSON.parse(safeStringify(error));
      } catch (e) {
        info.props = {};
      }
    } else {
      info.message = String(error);
    }
    return info;
  }

  // ---- the bridge adaptor modules call: host.invoke(name, args, configuration) is synchronous.
  function createHost(invokeNative) {
    function invoke(name, args, configuration) {
      const reply = invokeNative(String(name), args === undefined ? [] : args, configuration);
      if (reply.error) {
        const error = new Error(reply.error.message);
        const details = reply.error.details;
        if (details && typeof details === 'object') {
          for (const key of Object.keys(details)) {
            if (key !== 'message' && key !== 'stack') error[key] = details[key];
          }
        }
        Object.defineProperty(error, ADAPTOR_ERROR, { value: true });
        throw error;
      }
      return reply.value;
    }
    return Object.freeze({ invoke });
  }

  // ---- Buffer: from/toString in utf8, base64, base64url, hex, latin1/binary and ascii; the constructor throws as in OpenFn.
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const BASE64_LOOKUP = (() => {
    const table = {};
    for (let i = 0; i < BASE64.length; i++) table[BASE64[i]] = i;
    table['-'] = 62;
    table['_'] = 63;
    return table;
  })();

  function utf8Encode(text) {
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          code = 0xfffd;
        }
      } else if (code >= 0xd800 && code <= 0xdfff) {
        code = 0xfffd;
      }
      if (code < 0x80) bytes.push(code);
      else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
      else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
      else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    }
    return bytes;
  }

  function utf8Decode(bytes, start, end) {
    let text = '';
    let i = start;
    while (i < end) {
      const b = bytes[i];
      let code;
      let extra;
      if (b < 0x80) { code = b; extra = 0; }
      else if (b >= 0xc2 && b < 0xe0) { code = b & 31; extra = 1; }
      else if (b >= 0xe0 && b < 0xf0) { code = b & 15; extra = 2; }
      else if (b >= 0xf0 && b < 0xf5) { code = b & 7; extra = 3; }
      else { text += '\ufffd'; i++; continue; }
      if (i + extra >= end) { text += '\ufffd'; i++; continue; }
      let valid = true;
      for (let k = 1; k <= extra; k++) {
        const next = bytes[i + k];
        if (i + k >= end || (next & 0xc0) !== 0x80) { valid = false; break; }
        code = (code << 6) | (next & 63);
      }
      if (!valid) { text += '\ufffd'; i++; continue; }
      i += extra + 1;
      if (code >= 0x10000) {
        code -= 0x10000;
        text += String.fromCharCode(0xd800 + (code >> 10), 0xdc00 + (code & 1023));
      } else {
        text += String.fromCharCode(code);
      }
    }
    return text;
  }

  function base64Encode(bytes, start, end, url) {
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
    }
    if (end - i === 1) {
      const n = bytes[i] << 16;
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + (url ? '' : '==');
    } else if (end - i === 2) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + (url ? '' : '=');
    }
    return url ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
  }

  function base64Decode(text) {
    const bytes = [];
    let buffer = 0;
    let bits = 0;
    for (let i = 0; i < text.length; i++) {
      const value = BASE64_LOOKUP[text[i]];
      if (value === undefined) {
        if (text[i] === '=') break;
        continue;
      }
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((buffer >> bits) & 0xff);
      }
    }
    return bytes;
  }

  function normalizeEncoding(encoding) {
    const name = String(encoding === undefined ? 'utf8' : encoding).toLowerCase();
    switch (name) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'hex': return 'hex';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      default: throw new TypeError(`Unknown encoding: ${encoding}`);
    }
  }

  function encodeString(text, encoding) {
    switch (normalizeEncoding(encoding)) {
      case 'utf8': return utf8Encode(text);
      case 'base64': case 'base64url': return base64Decode(text);
      case 'hex': {
        const bytes = [];
        for (let i = 0; i + 1 < text.length; i += 2) {
          const byte = parseInt(text.substr(i, 2), 16);
          if (Number.isNaN(byte)) break;
          bytes.push(byte);
        }
        return bytes;
      }
      case 'latin1': case 'ascii': {
        const bytes = new Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
        return bytes;
      }
      case 'utf16le': {
        const bytes = [];
        for (let i = 0; i < text.length; i++) {
          const code = text.charCodeAt(i);
          bytes.push(code & 0xff, code >> 8);
        }
        return bytes;
      }
    }
    return [];
  }

  function makeBuffer(bytes) {
    const view = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    Object.setPrototypeOf(view, Buffer.prototype);
    return view;
  }

  class Buffer extends Uint8Array {
    constructor() {
      throw new Error('Do not call Buffer() constructor directly. Use Buffer.from() instead.');
    }

    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return makeBuffer(encodeString(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        const offset = encodingOrOffset || 0;
        return makeBuffer(new Uint8Array(value, offset, length === undefined ? value.byteLength - offset : length));
      }
      if (value instanceof Uint8Array || Array.isArray(value)) return makeBuffer(Uint8Array.from(value, b => b & 0xff));
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return makeBuffer(Uint8Array.from(value.data));
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }

    static alloc(size, fill) {
      const view = new Uint8Array(size);
      if (fill !== undefined) view.fill(typeof fill === 'number' ? fill : encodeString(String(fill))[0] || 0);
      return makeBuffer(view);
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      try { normalizeEncoding(encoding); return true; } catch (e) { return false; }
    }

    static byteLength(value, encoding) {
      if (typeof value === 'string') return encodeString(value, encoding).length;
      return value.byteLength;
    }

    static concat(list, totalLength) {
      const total = totalLength === undefined ? list.reduce((sum, b) => sum + b.length, 0) : totalLength;
      const out = new Uint8Array(total);
      let offset = 0;
      for (const item of list) {
        if (offset >= total) break;
        const part = item.length + offset > total ? item.subarray(0, total - offset) : item;
        out.set(part, offset);
        offset += part.length;
      }
      return makeBuffer(out);
    }

    toString(encoding, start, end) {
      const from = start === undefined ? 0 : Math.max(0, start);
      const to = end === undefined ? this.length : Math.min(this.length, end);
      switch (normalizeEncoding(encoding)) {
        case 'utf8': return utf8Decode(this, from, to);
        case 'base64': return base64Encode(this, from, to, false);
        case 'base64url': return base64Encode(this, from, to, true);
        case 'hex': {
          let out = '';
          for (let i = from; i < to; i++) out += (this[i] < 16 ? '0' : '') + this[i].toString(16);
          return out;
        }
        case 'latin1': {
          let out = '';
          for (let i = from; i < to; i++) out += String.fromCharCode(this[i]);
          return out;
        }
        case 'ascii': {
          let out = '';
          for (let i = from; i < to; i++) out += String.fromCharCode(this[i] & 0x7f);
          return out;
        }
        case 'utf16le': {
          let out = '';
          for (let i = from; i + 1 < to; i += 2) out += String.fromCharCode(this[i] | (this[i + 1] << 8));
          return out;
        }
      }
      return '';
    }

    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other) {
      if (this.length !== other.length) return false;
      for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
      return true;
    }

    subarray(start, end) {
      return makeBuffer(Uint8Array.prototype.subarray.call(this, start, end));
    }

    slice(start, end) {
      return this.subarray(start, end);
    }
  }

  Object.freeze(Buffer);

  return {
    nullStateMarker: NULL_STATE,
    watch,
    defer,
    safeStringify,
    format,
    createConsole,
    describeError,
    createHost,
    Buffer,
  };
})
