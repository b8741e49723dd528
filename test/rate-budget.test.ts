/**
 * The budget's transitions (runtime/rate-limit/window-budget.ts) on a controlled clock: the
 * conservative start, learning from X-RateLimit-* headers, reservations served in order with a
 * definite send time, refusals beyond maxWaitMs, and the corrections a 429 makes.
 */
import { describe, expect, it } from 'vitest';
import {
  acquire,
  ASSUMED_LIMIT,
  ASSUMED_WINDOW_MS,
  EDGE_GUARD_MS,
  initialState,
  MAX_EDGE_GUARD_MS,
  learn,
  MODE_ASSUMED,
  MODE_LEARNED,
  MODE_UNMETERED,
  PROBE_WINDOW_MS,
  RECHECK_MS,
  release,
  SEND_MARGIN_MS,
  type BudgetState,
  type Grant,
  type Observation,
} from '../runtime/rate-limit/window-budget.js';
import { observe } from '../runtime/rate-limit/observation.js';

const T0 = 1_700_000_000_000; // a whole second
const seen = (o: Partial<Observation>): Observation => ({ status: 200, limit: null, remaining: null, reset: null, durationMs: null, ...o });
const waits = (grants: Grant[]) => grants.map((g) => g.waitMs);

function takeMany(state: BudgetState, now: number, n: number, maxWait = Infinity): Grant[] {
  return Array.from({ length: n }, () => acquire(state, now, maxWait));
}

describe('before the window is known', () => {
  it(`before any answer: ${ASSUMED_LIMIT} probes a second, the others are told to ask again (nothing promised, nothing taken)`, () => {
    const state = initialState(T0);
    const grants = takeMany(state, T0, ASSUMED_LIMIT + 2);
    expect(waits(grants.slice(0, ASSUMED_LIMIT)).every((w) => w === 0)).toBe(true);
    expect(grants.slice(ASSUMED_LIMIT)).toEqual([
      { granted: false, recheck: true, waitMs: RECHECK_MS },
      { granted: false, recheck: true, waitMs: RECHECK_MS },
    ]);
    expect(state.taken).toBe(ASSUMED_LIMIT);
    // Still nothing heard a second later (a slow first answer): the next probes.
    expect(waits(takeMany(state, T0 + PROBE_WINDOW_MS, ASSUMED_LIMIT))).toEqual([0, 0]);
  });

  it('the first answer that tells the limit turns probes into windows (Intercom\'s 10 s assumed until measured)', () => {
    const state = initialState(T0);
    takeMany(state, T0, ASSUMED_LIMIT);
    learn(state, T0 + 30, seen({ limit: 50, remaining: 48, reset: T0 / 1000 + 1 }));
    expect(state).toMatchObject({ mode: MODE_LEARNED, limit: 50, windowMs: ASSUMED_WINDOW_MS, windowEnd: T0 + 1000 + SEND_MARGIN_MS, windowEndKnown: 1, taken: 2 });
    expect(waits(takeMany(state, T0 + 31, 48)).every((w) => w === 0)).toBe(true);
  });

  it('limit learned, window not yet measured: the next window (its start is the reset) is promised, the one after is not', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 2, remaining: 2, reset: T0 / 1000 + 1 }));
    const grants = takeMany(state, T0 + 10, 5);
    const start = T0 + 1000 + SEND_MARGIN_MS;
    expect(waits(grants.slice(0, 4))).toEqual([0, 0, start - (T0 + 10), start - (T0 + 10)]);
    // Told to come back after the next window has started, when its answers have measured the window.
    expect(grants[4]).toEqual({ granted: false, recheck: true, waitMs: start - (T0 + 10) + RECHECK_MS });
    // Rolled past the named reset by an assumed window length: that end is a guess, nothing is promised after it.
    acquire(state, start + 1, Infinity);
    acquire(state, start + 1, Infinity);
    expect(acquire(state, start + 2, Infinity)).toEqual({ granted: false, recheck: true, waitMs: RECHECK_MS });
  });
});

describe('learning from the headers', () => {
  it('takes limit, remaining and reset: a full window makes the next call wait until the reset (plus the send margin)', () => {
    const state = initialState(T0);
    acquire(state, T0, Infinity);
    learn(state, T0 + 10, seen({ limit: 3, remaining: 0, reset: T0 / 1000 + 1 }));
    expect(state).toMatchObject({ mode: MODE_LEARNED, limit: 3, windowEnd: T0 + 1000 + SEND_MARGIN_MS, taken: 3 });
    const grant = acquire(state, T0 + 20, Infinity);
    expect(grant).toEqual({ granted: true, waitMs: 1000 + SEND_MARGIN_MS - 20, slotEnd: T0 + 1000 + SEND_MARGIN_MS + ASSUMED_WINDOW_MS });
  });

  it('measures the window from resets (1 s here): a shorter difference is the estimate, the same one again confirms it', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 5, remaining: 4, reset: T0 / 1000 + 1 }));
    expect(state.windowMs).toBe(ASSUMED_WINDOW_MS);
    // Two windows apart (nothing was sent in between): 2 s, an estimate.
    learn(state, T0 + 2100, seen({ limit: 5, remaining: 4, reset: T0 / 1000 + 3 }));
    expect(state).toMatchObject({ windowMs: 2000, windowMeasured: 0, windowEnd: T0 + 3000 + SEND_MARGIN_MS });
    learn(state, T0 + 3100, seen({ limit: 5, remaining: 4, reset: T0 / 1000 + 4 }));
    expect(state).toMatchObject({ windowMs: 1000, windowMeasured: 0 });
    learn(state, T0 + 4100, seen({ limit: 5, remaining: 4, reset: T0 / 1000 + 5 }));
    expect(state).toMatchObject({ windowMs: 1000, windowMeasured: 1 });
    // An idle gap of three windows measures 3 s: the confirmed window stays.
    learn(state, T0 + 7100, seen({ limit: 5, remaining: 4, reset: T0 / 1000 + 8 }));
    expect(state).toMatchObject({ windowMs: 1000, windowMeasured: 1 });
  });

  it("Intercom's 10 s window is confirmed by its first measurement", () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 167, remaining: 160, reset: T0 / 1000 + 4 }));
    learn(state, T0 + 4100, seen({ limit: 167, remaining: 166, reset: T0 / 1000 + 14 }));
    expect(state).toMatchObject({ windowMs: 10_000, windowMeasured: 1 });
  });

  it('reservations are served in the order asked, each with a definite send time, `limit` per window', () => {
    const state = initialState(T0);
    learn(state, T0 - 1000, seen({ limit: 2, remaining: 2, reset: T0 / 1000 }));
    learn(state, T0, seen({ limit: 2, remaining: 2, reset: T0 / 1000 + 1 }));
    learn(state, T0 + 1000, seen({ limit: 2, remaining: 2, reset: T0 / 1000 + 2 })); // window confirmed: 1 s
    const now = T0 + 1100;
    const grants = takeMany(state, now, 7);
    const start = T0 + 2000 + SEND_MARGIN_MS;
    expect(waits(grants)).toEqual([0, 0, start - now, start - now, start + 1000 - now, start + 1000 - now, start + 2000 - now]);
    // Later windows: each window's slots go to its callers when it starts.
    expect(acquire(state, start + 1, Infinity).waitMs).toBe(start + 2000 - (start + 1));
  });

  it('the server counting more than we sent (other clients) takes slots away; fewer never gives any back', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 10, remaining: 9, reset: T0 / 1000 + 1 }));
    takeMany(state, T0, 3);
    learn(state, T0 + 5, seen({ limit: 10, remaining: 2, reset: T0 / 1000 + 1 }));
    expect(state.taken).toBe(8);
    learn(state, T0 + 6, seen({ limit: 10, remaining: 9, reset: T0 / 1000 + 1 }));
    expect(state.taken).toBe(8);
  });

  it('an answer from a window already rolled past does not touch the current one', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 4, remaining: 4, reset: T0 / 1000 + 1 }));
    learn(state, T0 + 1100, seen({ limit: 4, remaining: 3, reset: T0 / 1000 + 2 }));
    expect(state.taken).toBe(1);
    learn(state, T0 + 1200, seen({ limit: 4, remaining: 0, reset: T0 / 1000 + 1 }));
    expect(state.taken).toBe(1);
  });

  it('a server whose answers carry no rate-limit headers is not metered; a learned budget keeps its limits', () => {
    const unmetered = initialState(T0);
    learn(unmetered, T0, seen({}));
    expect(unmetered.mode).toBe(MODE_UNMETERED);
    expect(waits(takeMany(unmetered, T0, 1000)).every((w) => w === 0)).toBe(true);
    const learned = initialState(T0);
    learn(learned, T0, seen({ limit: 2, remaining: 0, reset: T0 / 1000 + 1 }));
    learn(learned, T0 + 1, seen({}));
    expect(learned.mode).toBe(MODE_LEARNED);
    expect(acquire(learned, T0 + 2, Infinity).waitMs).toBeGreaterThan(0);
  });

  it('headers are read as Intercom sends them; garbage is ignored', () => {
    const headers = new Headers({ 'X-RateLimit-Limit': '167', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1700000010' });
    expect(observe(429, headers, 12.4)).toEqual({ status: 429, limit: 167, remaining: 0, reset: 1700000010, durationMs: 12 });
    expect(observe(200, new Headers({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-reset': '' }))).toEqual(seen({}));
  });
});

describe('the edge of a window', () => {
  it('what is left of a window just before its reset is given up: the caller takes a slot of the next window', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 10, remaining: 9, reset: T0 / 1000 + 1 }));
    expect(acquire(state, T0 + 800, Infinity).waitMs).toBe(0);
    const late = T0 + 1000 - EDGE_GUARD_MS + 10;
    expect(acquire(state, late, Infinity).waitMs).toBe(T0 + 1000 + SEND_MARGIN_MS - late);
  });

  it('slow answers widen that edge (a request may arrive one answer time after it was sent), within bounds', () => {
    const state = initialState(T0);
    for (let i = 0; i < 20; i++) learn(state, T0, seen({ limit: 10, remaining: 9, reset: T0 / 1000 + 1, durationMs: 400 }));
    expect(state.guardMs).toBeGreaterThan(380);
    expect(acquire(state, T0 + 500, Infinity).waitMs).toBe(0);
    expect(acquire(state, T0 + 700, Infinity).waitMs).toBe(1000 + SEND_MARGIN_MS - 700);
    for (let i = 0; i < 20; i++) learn(state, T0, seen({ durationMs: 60_000 }));
    expect(state.guardMs).toBe(MAX_EDGE_GUARD_MS);
    for (let i = 0; i < 40; i++) learn(state, T0, seen({ durationMs: 1 }));
    expect(state.guardMs).toBe(EDGE_GUARD_MS);
  });
});

describe('refusals and give-backs', () => {
  it('a slot further away than maxWaitMs is refused, saying how far, and nothing is taken', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 1, remaining: 0, reset: T0 / 1000 + 30 }));
    const before = state.taken;
    expect(acquire(state, T0, 1000)).toEqual({ granted: false, recheck: false, waitMs: 30_000 + SEND_MARGIN_MS });
    expect(state.taken).toBe(before);
  });

  it('the last reservation given back goes to the next caller; an earlier one stays unused (later windows never over-count)', () => {
    const state = initialState(T0);
    learn(state, T0 - 2000, seen({ limit: 1, remaining: 0, reset: T0 / 1000 - 1 }));
    learn(state, T0 - 1000, seen({ limit: 1, remaining: 0, reset: T0 / 1000 }));
    learn(state, T0, seen({ limit: 1, remaining: 0, reset: T0 / 1000 + 1 }));
    const first = acquire(state, T0, Infinity);
    const second = acquire(state, T0, Infinity);
    if (!first.granted || !second.granted) throw new Error('both granted');
    expect(second.waitMs).toBeGreaterThan(first.waitMs);
    release(state, T0 + 1, second.slotEnd);
    const third = acquire(state, T0 + 2, Infinity);
    expect(third.waitMs).toBe(second.waitMs - 2);
    // The first gives up too: its window's slot is not handed out again behind the third's.
    release(state, T0 + 3, first.slotEnd);
    expect(acquire(state, T0 + 4, Infinity).waitMs).toBeGreaterThan(third.waitMs);
  });
});

describe('429', () => {
  it('marks the current window full until its reset', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 50, remaining: 40, reset: T0 / 1000 + 1 }));
    learn(state, T0 + 10, seen({ status: 429, limit: 50, remaining: 0, reset: T0 / 1000 + 1 }));
    expect(acquire(state, T0 + 20, Infinity).waitMs).toBe(1000 + SEND_MARGIN_MS - 20);
  });

  it('a 429 in a window our clock thinks is over corrects for the skew: the budget waits past the server\'s reset', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ limit: 5, remaining: 5, reset: T0 / 1000 + 1 }));
    const late = T0 + 1000 + SEND_MARGIN_MS + 30; // we think the window changed 30 ms ago; the server does not
    learn(state, late, seen({ status: 429, limit: 5, remaining: 0, reset: T0 / 1000 + 1 }));
    expect(state.skewMs).toBeGreaterThan(30);
    const grant = acquire(state, late, Infinity);
    expect(grant.waitMs).toBeGreaterThan(0);
    expect(state.windowEnd).toBe(T0 + 1000 + state.skewMs + SEND_MARGIN_MS);
  });

  it('before the limit is known, a 429 with only a reset holds the probes until then; the probe count never becomes the limit', () => {
    const state = initialState(T0);
    acquire(state, T0, Infinity);
    learn(state, T0 + 10, seen({ status: 429, reset: T0 / 1000 + 3 }));
    expect(state.mode).toBe(MODE_ASSUMED);
    // The probes of the window after the reset are promised; later ones are not.
    expect(waits(takeMany(state, T0 + 20, ASSUMED_LIMIT))).toEqual([3000 + SEND_MARGIN_MS - 20, 3000 + SEND_MARGIN_MS - 20]);
    expect(acquire(state, T0 + 20, Infinity)).toEqual({ granted: false, recheck: true, waitMs: 3000 + SEND_MARGIN_MS - 20 + RECHECK_MS });
    learn(state, T0 + 30, seen({ remaining: 5, reset: T0 / 1000 + 3 }));
    expect(state.mode).toBe(MODE_ASSUMED);
    // After the reset and its probes, probes again; an answer without headers then says the server does not meter.
    expect(acquire(state, T0 + 4100, Infinity).waitMs).toBe(0);
    learn(state, T0 + 4110, seen({}));
    expect(state.mode).toBe(MODE_UNMETERED);
    // An unmetered server that refuses after all: probes again, still no limit made up.
    learn(state, T0 + 4200, seen({ status: 429, reset: T0 / 1000 + 6 }));
    expect(state).toMatchObject({ mode: MODE_ASSUMED, limit: ASSUMED_LIMIT });
    expect(acquire(state, T0 + 4210, Infinity).waitMs).toBe(6000 + SEND_MARGIN_MS - 4210);
    learn(state, T0 + 4300, seen({ limit: 40, remaining: 39, reset: T0 / 1000 + 6 }));
    expect(state).toMatchObject({ mode: MODE_LEARNED, limit: 40, windowMs: ASSUMED_WINDOW_MS, windowMeasured: 0 });
  });

  it('a 429 without rate-limit headers (a proxy answering Retry-After) is left to the retry policy', () => {
    const state = initialState(T0);
    learn(state, T0, seen({ status: 429 }));
    expect(acquire(state, T0, Infinity).waitMs).toBe(0);
  });
});
