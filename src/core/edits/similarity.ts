/** Lines longer than this are compared only on their first part; edit distance is quadratic. */
const MAX_COMPARED = 400;

/**
 * The edit distance (insertions, deletions, substitutions) between two lines, or `limit + 1` as soon
 * as it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  const x = a.slice(0, MAX_COMPARED);
  const y = b.slice(0, MAX_COMPARED);
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let previous = new Array<number>(y.length + 1);
  let current = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowBest) rowBest = current[j];
    }
    if (rowBest > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[y.length], limit + 1);
}

/**
 * How alike two lines are, from 0 (nothing in common) to 1 (equal): one minus the edit distance over
 * the longer length. Gives up early (returning 0) once the similarity cannot reach `atLeast`.
 */
export function lineSimilarity(a: string, b: string, atLeast = 0): number {
  const longest = Math.min(MAX_COMPARED, Math.max(a.length, b.length));
  if (longest === 0) return 1;
  const limit = Math.floor((1 - atLeast) * longest);
  const distance = editDistance(a, b, limit);
  return distance > limit ? 0 : 1 - distance / longest;
}
