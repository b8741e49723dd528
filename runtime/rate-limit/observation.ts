/** What an answer's rate-limit headers say, read the way the budget needs it. */
import type { Observation } from './window-budget.js';

/** A header as a finite non-negative number, else null (absent, empty, garbage). */
function headerNumber(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

export function observe(status: number, headers: Headers, durationMs: number | null = null): Observation {
  const limit = headerNumber(headers, 'x-ratelimit-limit');
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  const reset = headerNumber(headers, 'x-ratelimit-reset');
  return {
    status,
    limit: limit === null ? null : Math.floor(limit),
    remaining: remaining === null ? null : Math.floor(remaining),
    reset: reset === null ? null : Math.floor(reset),
    durationMs: durationMs === null ? null : Math.max(0, Math.round(durationMs)),
  };
}

export function hasRateHeaders(seen: Observation): boolean {
  return seen.limit !== null || seen.remaining !== null || seen.reset !== null;
}
