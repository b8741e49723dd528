/**
 * Request deadlines, shared: requests with the same timeout that start within a few milliseconds
 * of each other share one timer (and, for those that carry one, one AbortSignal), fired when the
 * last of them could have run out of time. A timer and a signal of their own per request cost
 * every call a controller, a signal (Node 20 makes each one transferable), a timer set and
 * cleared; shared, one of each serves up to MAX_REQUESTS_PER_DEADLINE requests.
 *
 * What a request gets: at least its `timeoutMs`, and at most DEADLINE_SLICE_MS more (the
 * deadline is the slice's start + timeoutMs + the slice). When it fires, every request of the
 * slice still in flight is aborted with TIMED_OUT; those already settled are not affected.
 * A request reaches its deadline one of two ways:
 * - as one of its `watchers`, told when it fires: a request through the runtime's own fetch that
 *   carries no signal (timed-dispatch.ts);
 * - through its signal, made on first use: any other request (a custom fetch's; the runtime's
 *   fetch where timed-dispatch.ts does not apply, e.g. a process's first request).
 */
import { setMaxListeners } from 'node:events';

/** How long a deadline takes on new requests: the most a timeout may fire late. */
export const DEADLINE_SLICE_MS = 10;
/**
 * Most requests sharing one deadline. undici adds a listener per request to the signal it is
 * given (removed when it collects the request) and Node walks a signal's listeners on each
 * add: bounded, that walk stays short (and a deadline's watchers are few).
 */
export const MAX_REQUESTS_PER_DEADLINE = 64;
/**
 * Abort listeners a request may hold on its deadline's signal at once: the race around a custom
 * fetch's step, the cancelling of its body's reader (http.ts readBytes), the fetch's own, undici's
 * for a Request built over it. Node warns of a leak past 10
 * listeners on a signal; a deadline's are bounded by its requests, so the bound is raised to that.
 */
const LISTENERS_PER_REQUEST = 4;
/** setTimeout's longest delay (a longer one fires at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The reason a deadline aborts with: how a request tells its timeout from any other abort. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/** A request that is told when its deadline fires, instead of through a signal. */
export interface DeadlineWatcher {
  expire(): void;
}

export class Deadline {
  private controller: AbortController | undefined;
  private signalOf: AbortSignal | undefined;
  /** Requests in flight that carry no signal; each leaves when it settles. */
  readonly watchers = new Set<DeadlineWatcher>();
  /** Requests that joined; the deadline takes no more past MAX_REQUESTS_PER_DEADLINE. */
  joined = 0;
  /** Requests joined and not yet settled: the timer keeps the process alive only while some are. */
  inFlight = 0;
  retired = false;
  /** The deadline has fired. */
  expired = false;
  readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    readonly timeoutMs: number,
    readonly openedAt: number,
    readonly sliceMs: number,
  ) {
    this.timer = setTimeout(expire, Math.min(timeoutMs + sliceMs, MAX_DELAY_MS), this);
    this.timer.unref();
  }

  /** The signal that aborts when the deadline fires, made on first use (requests without signals need none). */
  get signal(): AbortSignal {
    if (this.signalOf) return this.signalOf;
    this.controller = new AbortController();
    // Read once: each read of `controller.signal` is a checked getter.
    this.signalOf = this.controller.signal;
    setMaxListeners(MAX_REQUESTS_PER_DEADLINE * LISTENERS_PER_REQUEST, this.signalOf);
    if (this.expired) this.controller.abort(TIMED_OUT);
    return this.signalOf;
  }

  fire(): void {
    this.expired = true;
    this.controller?.abort(TIMED_OUT);
    for (const watcher of this.watchers) {
      try {
        watcher.expire();
      } catch (error) {
        // One failing abort (a dispatcher of the caller's) must not spare the others: reported as thrown, after them.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    this.watchers.clear();
  }
}

function expire(deadline: Deadline): void {
  retire(deadline);
  deadline.fire();
}

/** Whether a request starting at `now` may still join: not retired, not full, within its slice. */
function takesRequests(deadline: Deadline, now: number): boolean {
  return !deadline.retired && deadline.joined < MAX_REQUESTS_PER_DEADLINE && now - deadline.openedAt < deadline.sliceMs;
}

/** The deadline taking new requests, per timeout. */
const open = new Map<number, Deadline>();

/** The deadline a request with `timeoutMs` would join now, if one is open (tests look at its members). */
export function openDeadline(timeoutMs: number): Deadline | undefined {
  return open.get(timeoutMs);
}

/** A deadline for a request starting now with `timeoutMs` (> 0); `leave` it when the request settles. */
export function joinDeadline(timeoutMs: number, now = performance.now()): Deadline {
  let deadline = open.get(timeoutMs);
  if (!deadline || !takesRequests(deadline, now)) {
    if (deadline) retire(deadline);
    // A timeout shorter than the slice is not stretched to twice its length.
    deadline = new Deadline(timeoutMs, now, Math.min(DEADLINE_SLICE_MS, timeoutMs));
    open.set(timeoutMs, deadline);
  }
  deadline.joined++;
  if (deadline.inFlight++ === 0) deadline.timer.ref();
  return deadline;
}

export function leaveDeadline(deadline: Deadline): void {
  if (--deadline.inFlight > 0) return;
  // One no request can join any more goes now, instead of waiting for a request of the same
  // timeout to retire it (one may never come: a timeout computed per call).
  if (!takesRequests(deadline, performance.now())) retire(deadline);
  else deadline.timer.unref();
}

/** No more requests join it; its timer goes once its last request settles (at once if none is in flight). */
function retire(deadline: Deadline): void {
  deadline.retired = true;
  if (open.get(deadline.timeoutMs) === deadline) open.delete(deadline.timeoutMs);
  if (deadline.inFlight === 0) clearTimeout(deadline.timer);
}
