// The date-fns 2.x functions language-common exposes (dateFns.format, dateFns.parse) and the helpers its
// cursor() phrases need. Local time is the engine's time zone. Unicode tokens as in date-fns v2; the
// week-numbering and day-of-year tokens (Y, D) are refused as date-fns does without its opt-in flags.
(function () {
  'use strict';

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

  function toDate(value) {
    if (value instanceof Date) return new Date(value.getTime());
    if (typeof value === 'number') return new Date(value);
    return new Date(NaN);
  }

  function pad(number, length) {
    const sign = number < 0 ? '-' : '';
    let text = String(Math.abs(number));
    while (text.length < length) text = '0' + text;
    return sign + text;
  }

  function ordinal(n) {
    const rem100 = n % 100;
    if (rem100 > 20 || rem100 < 10) {
      switch (n % 10) {
        case 1: return n + 'st';
        case 2: return n + 'nd';
        case 3: return n + 'rd';
      }
    }
    return n + 'th';
  }

  function offsetParts(date) {
    const offset = -date.getTimezoneOffset();
    const sign = offset >= 0 ? '+' : '-';
    const abs = Math.abs(offset);
    return { sign, hours: Math.floor(abs / 60), minutes: abs % 60, zero: offset === 0 };
  }

  function isoOffset(date, token, zAllowed) {
    const { sign, hours, minutes, zero } = offsetParts(date);
    if (zero && zAllowed) return 'Z';
    switch (token.length) {
      case 1: return sign + pad(hours, 2) + (minutes ? pad(minutes, 2) : '');
      case 2: case 4: return sign + pad(hours, 2) + pad(minutes, 2);
      default: return sign + pad(hours, 2) + ':' + pad(minutes, 2);
    }
  }

  function gmtOffset(date, long) {
    const { sign, hours, minutes } = offsetParts(date);
    if (long) return 'GMT' + sign + pad(hours, 2) + ':' + pad(minutes, 2);
    return 'GMT' + sign + hours + (minutes ? ':' + pad(minutes, 2) : '');
  }

  const FORMATTERS = {
    y: (d, t) => t === 'yy' ? pad(d.getFullYear() % 100, 2) : pad(d.getFullYear(), t.length),
    Q: (d, t) => {
      const q = Math.floor(d.getMonth() / 3) + 1;
      return t === 'Q' ? String(q) : t === 'QQ' ? pad(q, 2) : t === 'QQQ' ? 'Q' + q : t === 'Qo' ? ordinal(q) : ordinal(q) + ' quarter';
    },
    M: (d, t) => {
      const m = d.getMonth();
      switch (t) {
        case 'M': return String(m + 1);
        case 'MM': return pad(m + 1, 2);
        case 'Mo': return ordinal(m + 1);
        case 'MMM': return MONTHS[m].slice(0, 3);
        case 'MMMMM': return MONTHS[m][0];
        default: return MONTHS[m];
      }
    },
    L: (d, t) => FORMATTERS.M(d, t.replace(/L/g, 'M')),
    d: (d, t) => t === 'do' ? ordinal(d.getDate()) : pad(d.getDate(), t.length),
    E: (d, t) => {
      const day = DAYS[d.getDay()];
      return t.length <= 3 ? day.slice(0, 3) : t.length === 4 ? day : t.length === 5 ? day[0] : day.slice(0, 2);
    },
    e: (d, t) => t.length <= 2 ? pad(d.getDay() + 1, t.length) : FORMATTERS.E(d, 'E'.repeat(t.length)),
    i: (d, t) => {
      const iso = d.getDay() === 0 ? 7 : d.getDay();
      return t.length <= 2 ? pad(iso, t.length) : t === 'io' ? ordinal(iso) : FORMATTERS.E(d, 'E'.repeat(t.length));
    },
    a: (d, t) => {
      const pm = d.getHours() >= 12;
      if (t === 'aaa') return pm ? 'pm' : 'am';
      if (t === 'aaaa') return pm ? 'p.m.' : 'a.m.';
      if (t === 'aaaaa') return pm ? 'p' : 'a';
      return pm ? 'PM' : 'AM';
    },
    h: (d, t) => t === 'ho' ? ordinal(d.getHours() % 12 || 12) : pad(d.getHours() % 12 || 12, t.length),
    H: (d, t) => t === 'Ho' ? ordinal(d.getHours()) : pad(d.getHours(), t.length),
    K: (d, t) => pad(d.getHours() % 12, t.length),
    k: (d, t) => pad(d.getHours() || 24, t.length),
    m: (d, t) => t === 'mo' ? ordinal(d.getMinutes()) : pad(d.getMinutes(), t.length),
    s: (d, t) => t === 'so' ? ordinal(d.getSeconds()) : pad(d.getSeconds(), t.length),
    S: (d, t) => {
      const fraction = Math.floor(d.getMilliseconds() * Math.pow(10, t.length - 3));
      return pad(fraction, t.length);
    },
    X: (d, t) => isoOffset(d, t, true),
    x: (d, t) => isoOffset(d, t, false),
    O: (d, t) => gmtOffset(d, t.length === 4),
    z: (d, t) => gmtOffset(d, t.length === 4),
    t: d => String(Math.floor(d.getTime() / 1000)),
    T: d => String(d.getTime()),
    P: (d, t) => {
      switch (t.length) {
        case 1: return pad(d.getMonth() + 1, 2) + '/' + pad(d.getDate(), 2) + '/' + pad(d.getFullYear(), 4);
        case 2: return MONTHS[d.getMonth()].slice(0, 3) + ' ' + d.getDate() + ', ' + d.getFullYear();
        case 3: return MONTHS[d.getMonth()] + ' ' + ordinal(d.getDate()) + ', ' + d.getFullYear();
        default: return DAYS[d.getDay()] + ', ' + MONTHS[d.getMonth()] + ' ' + ordinal(d.getDate()) + ', ' + d.getFullYear();
      }
    },
    p: (d, t) => {
      const time = (d.getHours() % 12 || 12) + ':' + pad(d.getMinutes(), 2) + (t.length > 1 ? ':' + pad(d.getSeconds(), 2) : '');
      return time + ' ' + (d.getHours() >= 12 ? 'PM' : 'AM');
    },
  };

  // Splits a format string into tokens (runs of one letter, an optional trailing "o"), quoted literals and other text.
  function tokenize(formatString) {
    const parts = [];
    let i = 0;
    while (i < formatString.length) {
      const c = formatString[i];
      if (c === "'") {
        if (formatString[i + 1] === "'") { parts.push({ literal: "'" }); i += 2; continue; }
        let j = i + 1;
        let text = '';
        while (j < formatString.length) {
          if (formatString[j] === "'") {
            if (formatString[j + 1] === "'") { text += "'"; j += 2; continue; }
            break;
          }
          text += formatString[j++];
        }
        parts.push({ literal: text });
        i = j + 1;
      } else if (/[A-Za-z]/.test(c)) {
        let j = i;
        while (j < formatString.length && formatString[j] === c) j++;
        if (formatString[j] === 'o' && c !== 'o') j++;
        parts.push({ token: formatString.slice(i, j), letter: c });
        i = j;
      } else {
        parts.push({ literal: c });
        i++;
      }
    }
    return parts;
  }

  function assertAllowed(letter, token, formatString, input) {
    if (letter === 'Y') {
      throw new RangeError(`Use \`${token.toLowerCase()}\` instead of \`${token}\` (in \`${formatString}\`) for formatting years to the input \`${input}\`; see: https://github.com/date-fns/date-fns/blob/master/docs/unicodeTokens.md`);
    }
    if (letter === 'D') {
      throw new RangeError(`Use \`${token.toLowerCase()}\` instead of \`${token}\` (in \`${formatString}\`) for formatting days of the month to the input \`${input}\`; see: https://github.com/date-fns/date-fns/blob/master/docs/unicodeTokens.md`);
    }
  }

  function format(dirtyDate, formatString) {
    if (arguments.length < 2) throw new TypeError(`2 arguments required, but only ${arguments.length} present`);
    const date = toDate(dirtyDate);
    if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
    const text = String(formatString);
    let out = '';
    for (const part of tokenize(text)) {
      if (part.literal !== undefined) { out += part.literal; continue; }
      assertAllowed(part.letter, part.token, text, String(dirtyDate));
      const formatter = FORMATTERS[part.letter];
      if (!formatter) throw new RangeError(`Format string contains an unescaped latin alphabet character \`${part.letter}\``);
      out += formatter(date, part.token);
    }
    return out;
  }

  // ---- parse(dateString, formatString, referenceDate): the numeric and English-name tokens.
  const UNIT_ORDER = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'];

  function parse(dateString, formatString, referenceDate) {
    if (arguments.length < 3) throw new TypeError(`3 arguments required, but only ${arguments.length} present`);
    const input = String(dateString);
    const reference = toDate(referenceDate);
    const fields = {};
    let position = 0;
    let pm;
    let offsetMinutes;
    const readNumber = maxDigits => {
      const match = new RegExp('^\\d{1,' + maxDigits + '}').exec(input.slice(position));
      if (!match) return undefined;
      position += match[0].length;
      return Number(match[0]);
    };
    const readName = names => {
      const rest = input.slice(position).toLowerCase();
      for (let i = 0; i < names.length; i++) {
        if (rest.startsWith(names[i].toLowerCase())) { position += names[i].length; return i; }
      }
      return undefined;
    };
    for (const part of tokenize(String(formatString))) {
      if (part.literal !== undefined) {
        if (input.slice(position, position + part.literal.length) !== part.literal) return new Date(NaN);
        position += part.literal.length;
        continue;
      }
      const { letter, token } = part;
      let value;
      switch (letter) {
        case 'y':
          value = readNumber(token.length === 2 ? 2 : 6);
          if (value !== undefined && token.length === 2) value += value < 50 ? 2000 : 1900;
          fields.year = value;
          break;
        case 'M': case 'L':
          if (token.length >= 4) value = readName(MONTHS);
          else if (token.length === 3) value = readName(MONTHS.map(m => m.slice(0, 3)));
          else {
            value = readNumber(2);
            if (value !== undefined) value -= 1;
          }
          fields.month = value;
          break;
        case 'd':
          fields.day = value = readNumber(2);
          break;
        case 'E':
          value = readName(token.length >= 4 ? DAYS : DAYS.map(x => x.slice(0, 3)));
          break;
        case 'H': case 'k':
          fields.hour = value = readNumber(2);
          break;
        case 'h': case 'K':
          fields.hour = value = readNumber(2);
          break;
        case 'a': {
          const rest = input.slice(position, position + 2).toLowerCase();
          if (rest === 'am' || rest === 'pm') { pm = rest === 'pm'; position += 2; value = 0; }
          break;
        }
        case 'm':
          fields.minute = value = readNumber(2);
          break;
        case 's':
          fields.second = value = readNumber(2);
          break;
        case 'S':
          value = readNumber(token.length);
          if (value !== undefined) fields.millisecond = value = Math.floor(value * Math.pow(10, 3 - token.length));
          break;
        case 'X': case 'x': {
          if ((letter === 'X') && input[position] === 'Z') { position++; offsetMinutes = 0; value = 0; break; }
          const match = /^([+-])(\d{2}):?(\d{2})?/.exec(input.slice(position));
          if (match) {
            position += match[0].length;
            offsetMinutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] || 0));
            value = 0;
          }
          break;
        }
        case 'T':
          value = readNumber(16);
          if (value !== undefined) return new Date(value);
          break;
        case 't':
          value = readNumber(13);
          if (value !== undefined) return new Date(value * 1000);
          break;
        default:
          throw new RangeError(`Format string contains an unescaped latin alphabet character \`${letter}\``);
      }
      if (value === undefined) return new Date(NaN);
    }
    if (position !== input.length) return new Date(NaN);
    if (pm !== undefined && fields.hour !== undefined) fields.hour = (fields.hour % 12) + (pm ? 12 : 0);
    let largest = UNIT_ORDER.length;
    for (let i = 0; i < UNIT_ORDER.length; i++) {
      if (fields[UNIT_ORDER[i]] !== undefined) { largest = i; break; }
    }
    const fromReference = [reference.getFullYear(), reference.getMonth(), reference.getDate()];
    const value = i => fields[UNIT_ORDER[i]] !== undefined ? fields[UNIT_ORDER[i]] : (i < largest && i < 3 ? fromReference[i] : (i === 2 ? 1 : 0));
    if (offsetMinutes !== undefined) {
      return new Date(Date.UTC(value(0), value(1), value(2), value(3), value(4), value(5), value(6)) - offsetMinutes * 60000);
    }
    const result = new Date(value(0), value(1), value(2), value(3), value(4), value(5), value(6));
    if (result.getMonth() !== value(1) || result.getDate() !== value(2)) return new Date(NaN);
    return result;
  }

  function startOfDay(date) {
    const d = toDate(date);
    d.setHours(0, 0, 0, 0);
    return d;
  }

  function startOfToday() {
    return startOfDay(new Date());
  }

  function startOfYesterday() {
    const now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 0, 0, 0, 0);
  }

  function subHours(date, amount) {
    return new Date(toDate(date).getTime() - Number(amount) * 3600000);
  }

  function subDays(date, amount) {
    const d = toDate(date);
    d.setDate(d.getDate() - Number(amount));
    return d;
  }

  return { format, parse, startOfDay, startOfToday, startOfYesterday, subHours, subDays };
})
