/** Close-name suggestions for UNKNOWN_OPERATION: case-insensitive edit distance plus substring hits. */

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** Normalises the two naming styles (snake_case v1, camelCase API) so `list_tags` finds `listTags`. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

export function suggestNames(wanted: string, names: Iterable<string>, limit = 5): string[] {
  const target = normalise(String(wanted));
  if (!target) return [];
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of names) {
    const candidate = normalise(name);
    const distance = editDistance(target, candidate);
    // Allow roughly one typo per four characters; containment catches partial names ("tags").
    const contains = target.length >= 3 && (candidate.includes(target) || target.includes(candidate));
    if (distance <= Math.max(2, Math.floor(target.length / 4)) || contains) {
      scored.push({ name, score: contains && distance > 2 ? distance / 2 + 1 : distance });
    }
  }
  return scored
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((s) => s.name);
}
