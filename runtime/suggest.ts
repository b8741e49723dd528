/** Close-name suggestions for UNKNOWN_OPERATION: case-insensitive edit distance plus substring hits. */
import { UnknownOperationError } from './errors.js';

/** Longest part of an unknown name quoted in the message (the `operation` field keeps all of it). */
const MAX_QUOTED_NAME = 200;

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

/** Allowed distance: roughly one typo per four characters, at least two. */
function tolerance(length: number): number {
  return Math.max(2, Math.floor(length / 4));
}

/**
 * Names within the tolerated edit distance, or containing / contained in the wanted name. The
 * work is bounded whatever the input: a name far longer than every registered one can be close
 * to none of them (the distance is at least the length difference) and gets no suggestions at
 * all, and each candidate is measured only when its length could be within tolerance.
 */
export function suggestNames(wanted: string, names: Iterable<string>, limit = 5): string[] {
  const candidates = [...names].map((name) => ({ name, normalised: normalise(name) }));
  const longest = Math.max(0, ...candidates.map((c) => c.normalised.length));
  const raw = String(wanted);
  // Checked before normalising: a 200,000-character name costs nothing more than its length.
  if (raw.length > 2 * longest + 8) return [];
  const target = normalise(raw);
  if (!target) return [];
  const allowed = tolerance(target.length);
  const scored: Array<{ name: string; score: number }> = [];
  for (const { name, normalised: candidate } of candidates) {
    // Containment catches partial names ("tags").
    const contains = target.length >= 3 && (candidate.includes(target) || target.includes(candidate));
    if (!contains && Math.abs(candidate.length - target.length) > allowed) continue;
    const distance = editDistance(target, candidate);
    if (distance <= allowed || contains) {
      scored.push({ name, score: contains && distance > 2 ? distance / 2 + 1 : distance });
    }
  }
  return scored
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((s) => s.name);
}

/** The UNKNOWN_OPERATION error for `wanted`, with close names of `names` as suggestions. */
export function unknownOperation(wanted: string, names: Iterable<string>, version?: string): UnknownOperationError {
  const name = String(wanted);
  const suggestions = suggestNames(name, names);
  const quoted = name.length > MAX_QUOTED_NAME ? `${JSON.stringify(name.slice(0, MAX_QUOTED_NAME))}… (${name.length} characters)` : JSON.stringify(name);
  const where = version === undefined ? '' : ` in Intercom API ${version}`;
  return new UnknownOperationError(`unknown operation ${quoted}${where}${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''}`, {
    operation: name,
    suggestions,
  });
}
