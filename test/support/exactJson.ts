/**
 * JSON.parse that keeps integers beyond 2^53 exact, as bigints: a fake server must see a seed of
 * 9223372036854775807 as sent, not rounded to 9223372036854775808.
 */
export function parseExactJson(text: string): unknown {
  const marker = '\u0000bigint:';
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && (c === '-' || /\d/.test(c))) {
      const literal = number[0];
      const big = !number[1] && !number[2] && !Number.isSafeInteger(Number(literal));
      out += big ? JSON.stringify(marker + literal) : literal;
      i += literal.length - 1;
      continue;
    }
    out += c;
  }
  return JSON.parse(out, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value));
}
