/**
 * The rate budget of one workspace, as pure state transitions. The memory store applies them in
 * this process; the Redis store runs the same transitions in a Lua script (window-budget.lua.ts),
 * and a test checks that both give the same answers on random sequences of calls.
 *
 * Intercom counts calls in fixed windows (10 s) and tells, on every answer, the limit of the
 * window (`X-RateLimit-Limit`), what is left of it (`X-RateLimit-Remaining`) and when it resets
 * (`X-RateLimit-Reset`, epoch seconds). The budget hands out numbered slots: slot `k` (counted
 * from the start of the current window) belongs to window `floor(k / limit)`. A slot in the
 * current window is used at once; a later one is a reservation with a definite send time (the
 * start of its window), so waiting callers are served in the order they asked, each told when,
 * and nobody asks again.
 *
 * A send time is only promised where it is known: the next window starts at the reset the server
 * named, later ones only once the window length is confirmed. Two resets differ by a multiple of
 * the window (windows without calls leave no reset behind), so a shorter difference than the
 * current estimate becomes the estimate, and the same difference measured again confirms it.
 * Before that a caller that would need a later window is told to ask again when the budget knows
 * more (`recheck`): a budget that assumed Intercom's 10 s window while the server counts 1 s
 * windows would otherwise put callers to sleep for ten windows.
 */

/** Nothing heard from the server yet: the assumed limits apply. */
export const MODE_ASSUMED = 0;
/** Limit and window learned from the rate-limit headers. */
export const MODE_LEARNED = 1;
/** The server answered without rate-limit headers: it does not meter calls (a mock, a proxy). */
export const MODE_UNMETERED = 2;

/**
 * Before any answer has told the limit, calls go out as probes: this many per PROBE_WINDOW_MS,
 * everyone else asks again once a probe's answer has been learned. A burst of workers starting
 * together is held back until the server has said what it allows; probes sent blind could land
 * in the server's next window on top of what the budget then hands out for it.
 */
export const ASSUMED_LIMIT = 2;
export const PROBE_WINDOW_MS = 1_000;
/**
 * Intercom's documented window, assumed once the limit is known and until the window is
 * measured; never shorter than a real window, or rolling to the next would give back slots the
 * server still counts.
 */
export const ASSUMED_WINDOW_MS = 10_000;
/** A caller told to ask again, with nothing known to wait for, does so after this long (or as soon as the budget learns). */
export const RECHECK_MS = 100;
/**
 * A reserved slot is sent this long after its window starts: requests racing the server's window
 * change would be counted against the old window.
 */
export const SEND_MARGIN_MS = 50;
/**
 * A request sent shortly before a known reset may arrive after it and count against the next
 * window, on top of that window's reservations: what is left of a window that close to its end
 * is given up, and the caller takes a slot of the next one. How close: the time answers take
 * (a moving average), at least EDGE_GUARD_MS and at most MAX_EDGE_GUARD_MS.
 */
export const EDGE_GUARD_MS = 100;
export const MAX_EDGE_GUARD_MS = 2_000;
/**
 * A 429 whose reset has already passed by our clock means our clock runs ahead of the server's:
 * every later window is then treated as ending this much later, and more on each such 429.
 */
export const SKEW_STEP_MS = 100;
/** X-RateLimit-Reset has a resolution of one second: a larger skew is not corrected further. */
export const MAX_SKEW_MS = 1_000;

export interface BudgetState {
  /** Slots per window (learned from X-RateLimit-Limit; assumed until then). */
  limit: number;
  /** Window length (learned from successive X-RateLimit-Reset values; assumed until then). */
  windowMs: number;
  /** When the current window's slots are used up and the next window's become current (epoch ms). */
  windowEnd: number;
  /** Slots taken since the current window started; those beyond `limit` are reservations. */
  taken: number;
  mode: number;
  /** Latest X-RateLimit-Reset seen (epoch seconds); 0: none yet. */
  lastReset: number;
  /** 1 once `windowMs` is confirmed (the same difference of resets seen twice in a row, or Intercom's 10 s once), 0 while assumed or estimated. */
  windowMeasured: number;
  /** 1 when `windowEnd` is a reset the server named (or follows from one by a measured window). */
  windowEndKnown: number;
  /** How long before a known reset the rest of the window is given up (learned from answer times). */
  guardMs: number;
  /** How far our clock is ahead of the server's, as learned from 429s (ms). */
  skewMs: number;
}

/** What one answer said about the budget (absent headers are null). */
export interface Observation {
  status: number;
  limit: number | null;
  remaining: number | null;
  /** Epoch seconds. */
  reset: number | null;
  /** How long the request took to be answered, when known (ms). */
  durationMs: number | null;
}

export type Grant =
  /** Send after `waitMs`; `slotEnd`: when the slot's window ends (a caller that gives up returns it before then). */
  | { granted: true; waitMs: number; slotEnd: number }
  /**
   * Nothing taken. `recheck`: when the next slot is free is not known yet; ask again after
   * `waitMs` (or as soon as the budget learns more). Otherwise the earliest slot is `waitMs`
   * away, further than the caller would wait.
   */
  | { granted: false; waitMs: number; recheck: boolean };

export function initialState(now: number): BudgetState {
  return {
    limit: ASSUMED_LIMIT,
    windowMs: PROBE_WINDOW_MS,
    windowEnd: now + PROBE_WINDOW_MS,
    taken: 0,
    mode: MODE_ASSUMED,
    lastReset: 0,
    windowMeasured: 0,
    windowEndKnown: 0,
    guardMs: EDGE_GUARD_MS,
    skewMs: 0,
  };
}

/** How sure the budget is of its windows (a change wakes callers told to ask again). */
export function certainty(state: BudgetState): number {
  return state.mode * 4 + state.windowMeasured * 2 + state.windowEndKnown;
}

/** Moves past every window that has ended by `now`; their slots are gone. */
function roll(state: BudgetState, now: number): void {
  if (now < state.windowEnd) return;
  const windows = Math.floor((now - state.windowEnd) / state.windowMs) + 1;
  state.taken = Math.max(0, state.taken - windows * state.limit);
  state.windowEnd += windows * state.windowMs;
  // An end found by adding an assumed window length is a guess.
  if (state.windowMeasured === 0) state.windowEndKnown = 0;
}

/** Takes the next slot, unless its send time is more than `maxWaitMs` away. Mutates `state`. */
export function acquire(state: BudgetState, now: number, maxWaitMs: number): Grant {
  roll(state, now);
  if (state.mode === MODE_UNMETERED) return { granted: true, waitMs: 0, slotEnd: now };
  if (state.windowEndKnown === 1 && now >= state.windowEnd - SEND_MARGIN_MS - state.guardMs) state.taken = Math.max(state.taken, state.limit);
  const window = Math.floor(state.taken / state.limit);
  if (window > 0 && state.windowMeasured === 0 && (window > 1 || state.windowEndKnown === 0)) {
    // When that window starts is not known yet: the next window's first answers will tell.
    const waitMs = state.windowEndKnown === 1 ? Math.max(0, state.windowEnd - now) + RECHECK_MS : RECHECK_MS;
    return { granted: false, waitMs, recheck: true };
  }
  const start = window === 0 ? now : state.windowEnd + (window - 1) * state.windowMs;
  const waitMs = start - now;
  if (waitMs > maxWaitMs) return { granted: false, waitMs, recheck: false };
  state.taken += 1;
  return { granted: true, waitMs, slotEnd: window === 0 ? state.windowEnd : start + state.windowMs };
}

/**
 * Gives back a slot that was never used (its caller gave up waiting). Only the last slot taken
 * can be: the count says how many slots each window has given out, and handing out a freed slot
 * of an earlier window again would put the caller after later reservations. An earlier slot
 * stays unused (the budget errs on the side of fewer calls).
 */
export function release(state: BudgetState, now: number, slotEnd: number): void {
  roll(state, now);
  if (state.taken === 0) return;
  const lastSlotEnd = state.windowEnd + Math.floor((state.taken - 1) / state.limit) * state.windowMs;
  if (slotEnd === lastSlotEnd) state.taken -= 1;
}

/** Corrects the budget from one answer's rate-limit headers. Mutates `state`. */
export function learn(state: BudgetState, now: number, seen: Observation): void {
  roll(state, now);
  if (seen.durationMs !== null) {
    state.guardMs = Math.min(MAX_EDGE_GUARD_MS, Math.max(EDGE_GUARD_MS, Math.floor((state.guardMs * 3 + seen.durationMs) / 4)));
  }
  if (seen.limit === null && seen.remaining === null && seen.reset === null) {
    // A server that never sends the headers does not meter calls; a learned budget keeps its
    // limits (one answer without headers says nothing about the window).
    if (state.mode === MODE_ASSUMED && seen.status !== 429) state.mode = MODE_UNMETERED;
    return;
  }
  if (state.mode !== MODE_LEARNED) {
    if (seen.limit === null) {
      // Without the limit there is no window to learn (the probe count is no limit), only that a
      // 429 forbids the next probe until its reset (a server that refuses does meter, after all).
      if (seen.status === 429) {
        state.mode = MODE_ASSUMED;
        state.windowEnd = Math.max(now + 1, (seen.reset ?? 0) * 1000 + state.skewMs + SEND_MARGIN_MS);
        if (seen.reset !== null) state.windowEndKnown = 1;
        state.taken = Math.max(state.taken, state.limit);
      }
      return;
    }
    // The first answer that tells the limit: from probes to windows.
    state.windowMs = ASSUMED_WINDOW_MS;
    state.windowMeasured = 0;
  }
  state.mode = MODE_LEARNED;
  if (seen.limit !== null && seen.limit > 0) state.limit = seen.limit;
  let current = true;
  if (seen.reset !== null) {
    let end = seen.reset * 1000 + state.skewMs + SEND_MARGIN_MS;
    if (seen.status === 429 && end <= now) {
      // Refused in a window that we believed over: our clock is ahead of the server's.
      state.skewMs = Math.min(MAX_SKEW_MS, state.skewMs + (now - end) + SKEW_STEP_MS);
      end = seen.reset * 1000 + state.skewMs + SEND_MARGIN_MS;
      state.windowEnd = Math.max(end, now + 1);
      state.windowEndKnown = 1;
      state.lastReset = Math.max(state.lastReset, seen.reset);
      state.taken = Math.max(state.taken, state.limit);
      return;
    }
    if (seen.reset > state.lastReset) {
      // A window we had not heard of: its reset follows the last one by one window (or more).
      if (state.lastReset > 0) {
        const measured = (seen.reset - state.lastReset) * 1000;
        if (measured === state.windowMs) state.windowMeasured = 1;
        else if (measured < state.windowMs) {
          state.windowMs = measured;
          state.windowMeasured = 0;
        }
      }
      state.lastReset = seen.reset;
      if (end > state.windowEnd + state.windowMs / 2) {
        // The server is in a later window than we thought: the windows in between are over.
        const windows = Math.max(1, Math.round((end - state.windowEnd) / state.windowMs));
        state.taken = Math.max(0, state.taken - windows * state.limit);
      }
      state.windowEnd = end;
      state.windowEndKnown = 1;
    } else {
      // An answer from a window we have already rolled past tells nothing about the current one.
      current = seen.reset === state.lastReset && Math.abs(end - state.windowEnd) < state.windowMs / 2;
    }
  }
  if (!current) return;
  if (seen.remaining !== null) {
    // The server counts calls we do not (other apps of the workspace, workers without a budget);
    // our own calls still in flight it has not counted yet, so the count only ever goes up.
    const used = Math.max(0, state.limit - seen.remaining);
    const counted = Math.min(state.taken, state.limit);
    if (used > counted) state.taken += used - counted;
  }
  if (seen.status === 429) state.taken = Math.max(state.taken, state.limit);
}
