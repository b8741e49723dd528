/**
 * One open scroll per workspace (Intercom refuses a second with `scroll_exists`): a lock with a
 * time to live, held by the call that opened the scroll, renewed with every page it reads, given
 * up when the scroll reaches its end, and otherwise expiring SCROLL_LOCK_TTL_MS after the last
 * page (Intercom expires an unused scroll after a minute). Callers that want the lock while it is
 * held wait in line (first come, first served) or are refused at once.
 *
 * In this process (here): a map of locks and queues of waiting promises. In Redis
 * (redis-scroll-locks.ts, loaded only with `{ redis }`): the lock is a key set with NX/PX; the
 * line is a sorted set of waiter ids (by ticket number) with a lease each, so a waiter whose
 * process died stops blocking the line once its lease runs out. Waiters learn of a release by
 * pub/sub, and re-check on a slow timer (the lease) in case a message was missed: a waiting call
 * costs one round trip per release or per SCROLL_RECHECK_MS, never a busy loop.
 */
import { randomUUID } from 'node:crypto';
import type { OutageReporter } from './redis-link.js';

/** A scroll lock expires this long after its holder last renewed it. */
export const SCROLL_LOCK_TTL_MS = 60_000;
/** A waiter re-checks its place in line this often (and renews its lease); pub/sub usually wakes it sooner. */
export const SCROLL_RECHECK_MS = 5_000;
/** A waiter that has not re-checked for this long is dropped from the line. */
export const SCROLL_LEASE_MS = 2 * SCROLL_RECHECK_MS + 1_000;

export type LockAnswer = { acquired: true } | { acquired: false; retryAfterMs: number };

export interface LockRequest {
  holder: string;
  maxWaitMs: number;
  /** "fail": refused at once when held. */
  wait: boolean;
  signal: AbortSignal | undefined;
  reporter: OutageReporter;
}

export interface ScrollLocks {
  /** Takes the lock for a new scroll (waiting in line when `wait`). */
  open(key: string, request: LockRequest): Promise<LockAnswer>;
  /** Extends the holder's lock; takes it when nobody holds it (a scroll continued after its lock expired). */
  renew(key: string, holder: string, reporter: OutageReporter): Promise<void>;
  /** Gives the lock up (the scroll ended): the next in line gets it. */
  release(key: string, holder: string, reporter: OutageReporter): Promise<void>;
}

export function newHolder(): string {
  return randomUUID();
}

/** Rejects with the signal's reason when it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', abort), resolve(value)),
      (error) => (signal.removeEventListener('abort', abort), reject(error)),
    );
  });
}

interface Waiter {
  holder: string;
  grant: () => void;
}

interface HeldLock {
  holder: string;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

export class MemoryScrollLocks implements ScrollLocks {
  private readonly held = new Map<string, HeldLock>();
  private readonly lines = new Map<string, Waiter[]>();

  constructor(
    private readonly ttlMs = SCROLL_LOCK_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  private take(key: string, holder: string): void {
    const previous = this.held.get(key);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => this.free(key, holder), this.ttlMs);
    // An abandoned scroll's lock must not keep the process alive.
    timer.unref?.();
    this.held.set(key, { holder, expiresAt: this.clock() + this.ttlMs, timer });
  }

  /** Frees the key if `holder` has it, handing it to the first in line. */
  private free(key: string, holder: string): void {
    const lock = this.held.get(key);
    if (!lock || lock.holder !== holder) return;
    clearTimeout(lock.timer);
    this.held.delete(key);
    const line = this.lines.get(key);
    const next = line?.shift();
    if (line && line.length === 0) this.lines.delete(key);
    if (next) {
      this.take(key, next.holder);
      next.grant();
    }
  }

  open(key: string, request: LockRequest): Promise<LockAnswer> {
    const lock = this.held.get(key);
    const line = this.lines.get(key) ?? [];
    if (!lock && line.length === 0) {
      this.take(key, request.holder);
      return Promise.resolve({ acquired: true });
    }
    const retryAfterMs = lock ? lock.expiresAt - this.clock() : this.ttlMs;
    if (!request.wait || request.maxWaitMs <= 0) return Promise.resolve({ acquired: false, retryAfterMs });
    this.lines.set(key, line);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const leave = (waiter: Waiter) => {
      clearTimeout(timer);
      const index = line.indexOf(waiter);
      if (index >= 0) line.splice(index, 1);
      if (line.length === 0 && this.lines.get(key) === line) this.lines.delete(key);
    };
    let waiter!: Waiter;
    const granted = new Promise<LockAnswer>((resolve) => {
      waiter = {
        holder: request.holder,
        grant: () => {
          clearTimeout(timer);
          resolve({ acquired: true });
        },
      };
      line.push(waiter);
      timer = setTimeout(() => {
        leave(waiter);
        const current = this.held.get(key);
        resolve({ acquired: false, retryAfterMs: current ? current.expiresAt - this.clock() : 0 });
      }, request.maxWaitMs);
    });
    return abortable(granted, request.signal, () => {
      leave(waiter);
      // Granted just before the abort: hand it on.
      this.free(key, request.holder);
    });
  }

  async renew(key: string, holder: string): Promise<void> {
    const lock = this.held.get(key);
    if (!lock || lock.holder === holder) this.take(key, holder);
  }

  async release(key: string, holder: string): Promise<void> {
    this.free(key, holder);
  }
}
