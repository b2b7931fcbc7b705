// Which names a piece of code uses, so the host can fetch their definitions as related context.

const KEYWORDS = new Set(
  'if else for while do switch case return function const let var class new this super import export from await async try catch finally throw typeof instanceof in of true false null undefined void def self None True False elif lambda pass with yield not and or print fn pub let mut impl struct enum match use mod'.split(' '),
);

/** Names the code calls or refers to as types, in order of first use, without ones it defines itself. */
export function usedNames(code: string): Array<{ name: string; offset: number }> {
  const defined = new Set([...code.matchAll(/\b(?:function|const|let|var|def|class|fn|func|interface|type)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const seen = new Set<string>();
  const names: Array<{ name: string; offset: number }> = [];
  for (const match of code.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const name = match[0];
    const offset = match.index ?? 0;
    if (seen.has(name) || defined.has(name) || KEYWORDS.has(name) || name.length < 3) continue;
    const before = code[offset - 1];
    const after = code.slice(offset + name.length, offset + name.length + 40).trimStart()[0];
    // Calls and capitalised names (types, classes); a member after a dot is resolved through its object.
    if (before === '.' || !(after === '(' || /^[A-Z]/.test(name))) continue;
    seen.add(name);
    names.push({ name, offset });
  }
  return names;
}
