// JSONPath as language-common 3.3.4 uses it (jsonpath-plus 10, values only, always wrapped in an array):
// $ root, .name and ['name'], [n], * and [*], .. descent, [a,b] unions, [start:end:step] slices and
// [?(expression)] filters with @, @property, @parent, @parentProperty, @root and @path. Filter expressions are
// evaluated by a small interpreter (no eval), with jsonpath-plus's "safe" rules: unknown identifiers throw,
// reading a property of undefined throws, and every evaluation error becomes "jsonPath: <message>: <expression>".
(function () {
  'use strict';

  const pathCache = new Map();
  const filterCache = new Map();
  const BLOCKED = new Set(['constructor', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

  // ---- path syntax -> segments: { kind: 'root'|'name'|'wildcard'|'descend'|'union'|'slice'|'filter', ... }
  function parsePath(path) {
    const cached = pathCache.get(path);
    if (cached) return cached;
    const segments = [];
    let i = 0;
    const readName = () => {
      let start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      return path.slice(start, i);
    };
    while (i < path.length) {
      const c = path[i];
      if (c === '$' && i === 0 && (path.length === 1 || path[1] === '.' || path[1] === '[')) {
        segments.push({ kind: 'root' });
        i++;
      } else if (c === '.') {
        if (path[i + 1] === '.') {
          segments.push({ kind: 'descend' });
          i += 2;
          if (path[i] !== '[' && i < path.length) pushName(segments, readName());
        } else {
          i++;
          pushName(segments, readName());
        }
      } else if (c === '[') {
        const end = closingBracket(path, i);
        segments.push(parseBracket(path.slice(i + 1, end), path));
        i = end + 1;
      } else {
        pushName(segments, readName());
      }
    }
    pathCache.set(path, segments);
    return segments;
  }

  function pushName(segments, name) {
    segments.push(name === '*' ? { kind: 'wildcard' } : { kind: 'name', name });
  }

  function closingBracket(path, open) {
    let depth = 0;
    let quote = null;
    for (let i = open; i < path.length; i++) {
      const c = path[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === '[' || c === '(') {
        depth++;
      } else if (c === ']' || c === ')') {
        depth--;
        if (depth === 0 && c === ']') return i;
      }
    }
    throw new SyntaxError(`JSONPath: missing ] in ${path}`);
  }

  function unquote(text) {
    const t = text.trim();
    if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) return t.slice(1, -1);
    return t;
  }

  function parseBracket(content, path) {
    const trimmed = content.trim();
    if (trimmed.startsWith('?(') && trimmed.endsWith(')')) return { kind: 'filter', code: trimmed.slice(2, -1) };
    if (trimmed.startsWith('(')) throw new Error(`JSONPath script expressions [(...)] are not supported: ${path}`);
    if (trimmed === '*') return { kind: 'wildcard' };
    if (/^(-?\d*):(-?\d*):?(\d*)$/.test(trimmed)) return { kind: 'slice', text: trimmed };
    const parts = splitUnion(trimmed);
    if (parts.length > 1) return { kind: 'union', names: parts.map(unquote) };
    return { kind: 'name', name: unquote(trimmed) };
  }

  function splitUnion(text) {
    const parts = [];
    let quote = null;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === ',') {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(text.slice(start));
    return parts;
  }

  function hasOwn(value, key) {
    return Object.prototype.hasOwnProperty.call(Object(value), key);
  }

  function eachChild(value, visit) {
    if (Array.isArray(value)) {
      const length = value.length;
      for (let i = 0; i < length; i++) visit(i);
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) visit(key);
    }
  }

  // ---- evaluation
  function query(path, json) {
    if ((!path && path !== '') || !json) return undefined;
    const segments = parsePath(String(path));
    const start = segments.length > 1 && segments[0].kind === 'root' ? 1 : 0;
    const results = [];
    // Locations are only needed for @path in filters; tracking them costs an array copy per visited value.
    const location = segments.some(s => s.kind === 'filter' && s.code.includes('@path')) ? ['$'] : null;
    trace(segments, start, json, json, null, null, location, results);
    return results;
  }

  function trace(segments, index, value, root, parent, parentProperty, location, results) {
    if (index === segments.length) {
      results.push(value);
      return;
    }
    const segment = segments[index];
    const next = index + 1;
    switch (segment.kind) {
      case 'root':
        trace(segments, next, value, root, null, null, location, results);
        break;
      case 'name':
        if (value && hasOwn(value, segment.name)) {
          trace(segments, next, value[segment.name], root, value, segment.name, at(location, segment.name), results);
        }
        break;
      case 'wildcard':
        eachChild(value, key => trace(segments, next, value[key], root, value, key, at(location, key), results));
        break;
      case 'descend':
        trace(segments, next, value, root, parent, parentProperty, location, results);
        eachChild(value, key => {
          if (typeof value[key] === 'object') trace(segments, index, value[key], root, value, key, at(location, key), results);
        });
        break;
      case 'union':
        for (const name of segment.names) {
          if (value && hasOwn(value, name)) trace(segments, next, value[name], root, value, name, at(location, name), results);
        }
        break;
      case 'slice':
        slice(segment.text, value).forEach(i => {
          if (hasOwn(value, i)) trace(segments, next, value[i], root, value, i, at(location, i), results);
        });
        break;
      case 'filter': {
        const evaluate = compileFilter(segment.code);
        eachChild(value, key => {
          const scope = { '@': value[key], '@property': key, '@parent': value, '@parentProperty': parentProperty, '@root': root };
          if (segment.code.includes('@path')) scope['@path'] = pathString(at(location, key));
          let keep;
          try {
            keep = evaluate(scope);
          } catch (e) {
            throw new Error('jsonPath: ' + e.message + ': ' + segment.code);
          }
          if (keep) trace(segments, next, value[key], root, value, key, at(location, key), results);
        });
        break;
      }
    }
  }

  function at(location, key) {
    return location === null ? null : location.concat([key]);
  }

  function slice(text, value) {
    if (!Array.isArray(value)) return [];
    const length = value.length;
    const parts = text.split(':');
    const step = (parts[2] && parseInt(parts[2], 10)) || 1;
    let start = (parts[0] && parseInt(parts[0], 10)) || 0;
    let end = (parts[1] && parseInt(parts[1], 10)) || length;
    start = start < 0 ? Math.max(0, start + length) : Math.min(length, start);
    end = end < 0 ? Math.max(0, end + length) : Math.min(length, end);
    const indexes = [];
    for (let i = start; i < end; i += step) indexes.push(i);
    return indexes;
  }

  function pathString(location) {
    let text = '$';
    for (let i = 1; i < location.length; i++) {
      const part = String(location[i]);
      text += /^[0-9*]+$/.test(part) ? '[' + part + ']' : "['" + part + "']";
    }
    return text;
  }

  // ---- filter expressions: tokens -> AST -> interpreter
  function compileFilter(code) {
    let compiled = filterCache.get(code);
    if (!compiled) {
      const ast = new FilterParser(code).parse();
      compiled = scope => evaluateNode(ast, scope);
      filterCache.set(code, compiled);
    }
    return compiled;
  }

  const BINARY_PRECEDENCE = {
    '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5,
    '==': 6, '!=': 6, '===': 6, '!==': 6,
    '<': 7, '>': 7, '<=': 7, '>=': 7,
    '<<': 8, '>>': 8, '>>>': 8,
    '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
  };
  const OPERATORS = Object.keys(BINARY_PRECEDENCE).concat(['!', '~', '?', ':', '(', ')', '[', ']', '.', ',', '=']).sort((a, b) => b.length - a.length);

  class FilterParser {
    constructor(code) {
      this.code = code;
      this.tokens = this.tokenize(code);
      this.position = 0;
    }

    tokenize(code) {
      const tokens = [];
      let i = 0;
      while (i < code.length) {
        const c = code[i];
        if (/\s/.test(c)) { i++; continue; }
        if (c === '@') {
          let j = i + 1;
          while (j < code.length && /[A-Za-z]/.test(code[j])) j++;
          const word = code.slice(i, j);
          const known = ['@parentProperty', '@parent', '@property', '@root', '@path'].find(k => word === k);
          tokens.push({ type: 'scope', value: known || '@' });
          i = known ? j : i + 1;
          continue;
        }
        if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(code[i + 1] || ''))) {
          const match = /^(\d*\.?\d+(?:[eE][+-]?\d+)?|\d+\.)/.exec(code.slice(i));
          tokens.push({ type: 'literal', value: Number(match[0]) });
          i += match[0].length;
          continue;
        }
        if (c === "'" || c === '"') {
          let j = i + 1;
          let text = '';
          while (j < code.length && code[j] !== c) {
            if (code[j] === '\\' && j + 1 < code.length) {
              const escaped = code[j + 1];
              text += { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' }[escaped] || escaped;
              j += 2;
            } else {
              text += code[j++];
            }
          }
          if (j >= code.length) throw new SyntaxError(`Unclosed quote after "${text}"`);
          tokens.push({ type: 'literal', value: text });
          i = j + 1;
          continue;
        }
        if (/[A-Za-z_$]/.test(c)) {
          let j = i;
          while (j < code.length && /[A-Za-z0-9_$]/.test(code[j])) j++;
          const word = code.slice(i, j);
          if (word === 'true') tokens.push({ type: 'literal', value: true });
          else if (word === 'false') tokens.push({ type: 'literal', value: false });
          else if (word === 'null') tokens.push({ type: 'literal', value: null });
          else if (word === 'undefined') tokens.push({ type: 'literal', value: undefined });
          else if (word === 'typeof' || word === 'void') tokens.push({ type: 'operator', value: word });
          else tokens.push({ type: 'identifier', value: word });
          i = j;
          continue;
        }
        const op = OPERATORS.find(o => code.startsWith(o, i));
        if (!op) throw new SyntaxError(`Unexpected "${c}" at character ${i}`);
        tokens.push({ type: 'operator', value: op });
        i += op.length;
      }
      return tokens;
    }

    peek() { return this.tokens[this.position]; }

    take(value) {
      const token = this.tokens[this.position];
      if (value !== undefined && (!token || token.value !== value || token.type === 'literal')) {
        throw new SyntaxError(`Expected ${value} but found ${token ? token.value : 'the end'}`);
      }
      this.position++;
      return token;
    }

    isOperator(value) {
      const token = this.peek();
      return token && token.type === 'operator' && token.value === value;
    }

    parse() {
      const node = this.parseConditional();
      if (this.position < this.tokens.length) throw new SyntaxError(`Unexpected ${this.peek().value}`);
      return node;
    }

    parseConditional() {
      const test = this.parseBinary(1);
      if (this.isOperator('?')) {
        this.take('?');
        const consequent = this.parseConditional();
        this.take(':');
        const alternate = this.parseConditional();
        return { type: 'conditional', test, consequent, alternate };
      }
      return test;
    }

    parseBinary(minPrecedence) {
      let left = this.parseUnary();
      for (;;) {
        const token = this.peek();
        const precedence = token && token.type === 'operator' ? BINARY_PRECEDENCE[token.value] : undefined;
        if (precedence === undefined || precedence < minPrecedence) return left;
        this.take();
        const right = this.parseBinary(precedence + 1);
        left = { type: 'binary', operator: token.value, left, right };
      }
    }

    parseUnary() {
      const token = this.peek();
      if (token && token.type === 'operator' && ['!', '-', '+', '~', 'typeof', 'void'].includes(token.value)) {
        this.take();
        return { type: 'unary', operator: token.value, argument: this.parseUnary() };
      }
      return this.parsePostfix(this.parsePrimary());
    }

    parsePrimary() {
      const token = this.take();
      if (!token) throw new SyntaxError('Unexpected end of expression');
      if (token.type === 'literal') return { type: 'literal', value: token.value };
      if (token.type === 'scope') return { type: 'scope', name: token.value };
      if (token.type === 'identifier') return { type: 'identifier', name: token.value };
      if (token.value === '(') {
        const inner = this.parseConditional();
        this.take(')');
        return inner;
      }
      if (token.value === '[') {
        const elements = [];
        while (!this.isOperator(']')) {
          elements.push(this.parseConditional());
          if (!this.isOperator(']')) this.take(',');
        }
        this.take(']');
        return { type: 'array', elements };
      }
      throw new SyntaxError(`Unexpected ${token.value}`);
    }

    parsePostfix(node) {
      for (;;) {
        if (this.isOperator('.')) {
          this.take('.');
          const name = this.take();
          if (!name || (name.type !== 'identifier' && name.type !== 'literal' && name.type !== 'operator')) throw new SyntaxError('Expected a property name');
          node = { type: 'member', object: node, property: { type: 'literal', value: String(name.value) } };
        } else if (this.isOperator('[')) {
          this.take('[');
          const property = this.parseConditional();
          this.take(']');
          node = { type: 'member', object: node, property };
        } else if (this.isOperator('(')) {
          this.take('(');
          const args = [];
          while (!this.isOperator(')')) {
            args.push(this.parseConditional());
            if (!this.isOperator(')')) this.take(',');
          }
          this.take(')');
          node = { type: 'call', callee: node, args };
        } else {
          return node;
        }
      }
    }
  }

  function evaluateNode(node, scope) {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'scope':
        return scope[node.name];
      case 'identifier':
        throw new ReferenceError(`${node.name} is not defined`);
      case 'array':
        return node.elements.map(e => evaluateNode(e, scope));
      case 'conditional':
        return evaluateNode(node.test, scope) ? evaluateNode(node.consequent, scope) : evaluateNode(node.alternate, scope);
      case 'unary': {
        const value = evaluateNode(node.argument, scope);
        switch (node.operator) {
          case '!': return !value;
          case '-': return -value;
          case '+': return +value;
          case '~': return ~value;
          case 'typeof': return typeof value;
          case 'void': return undefined;
        }
        break;
      }
      case 'binary': {
        const left = evaluateNode(node.left, scope);
        if (node.operator === '||') return left || evaluateNode(node.right, scope);
        if (node.operator === '&&') return left && evaluateNode(node.right, scope);
        const right = evaluateNode(node.right, scope);
        switch (node.operator) {
          case '|': return left | right;
          case '^': return left ^ right;
          case '&': return left & right;
          case '==': return left == right; // eslint-disable-line eqeqeq
          case '!=': return left != right; // eslint-disable-line eqeqeq
          case '===': return left === right;
          case '!==': return left !== right;
          case '<': return left < right;
          case '>': return left > right;
          case '<=': return left <= right;
          case '>=': return left >= right;
          case '<<': return left << right;
          case '>>': return left >> right;
          case '>>>': return left >>> right;
          case '+': return left + right;
          case '-': return left - right;
          case '*': return left * right;
          case '/': return left / right;
          case '%': return left % right;
        }
        break;
      }
      case 'member': {
        const object = evaluateNode(node.object, scope);
        const property = String(evaluateNode(node.property, scope));
        if (object === undefined || object === null) {
          throw new TypeError(`Cannot read properties of ${object} (reading '${property}')`);
        }
        if (BLOCKED.has(property) && !hasOwn(object, property)) {
          throw new TypeError(`Cannot read properties of ${object} (reading '${property}')`);
        }
        const value = object[property];
        return typeof value === 'function' ? value.bind(object) : value;
      }
      case 'call': {
        const callee = evaluateNode(node.callee, scope);
        const args = node.args.map(a => evaluateNode(a, scope));
        if (typeof callee !== 'function') throw new TypeError('callee is not a function');
        return callee(...args);
      }
    }
    throw new SyntaxError('Unexpected expression');
  }

  // JSONPath({ path, json }) -> array of every match (jsonpath-plus with wrap: true), or undefined for no json.
  function JSONPath(options) {
    return query(options.path, options.json);
  }

  return { JSONPath, query, parsePath };
})
