/**
 * One open scroll per workspace (Intercom refuses a second with `scroll_exists`): a lock with a
 * time to live, held by the call that opened the scroll, renewed with every page it reads, given
 * up when the scroll reaches its end, and otherwise expiring SCROLL_LOCK_TTL_MS after the last
 * page (Intercom expires an unused scroll after a minute). Callers that want the lock while it is
 * held wait in line (first come, first served) or are refused at once.
 *
 * In this process: a map of locks and queues of waiting promises. In Redis: the lock is a key
 * set with NX/PX; the line is a sorted set of waiter ids (by ticket number) with a lease each,
 * so a waiter whose process died stops blocking the line once its lease runs out. Waiters learn
 * of a release by pub/sub, and re-check on a slow timer (the lease) in case a message was missed:
 * a waiting call costs one round trip per release or per SCROLL_RECHECK_MS, never a busy loop.
 */
import { randomUUID } from 'node:crypto';
import { evalScript, scriptSha } from './budget-store.js';
import type { OutageReporter, RedisClientLike, RedisLink } from './redis-link.js';

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
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
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

/** Channel on which releases are announced (the message is the lock key). */
export function releaseChannel(prefix: string): string {
  return `${prefix}scroll-released`;
}

/**
 * KEYS: lock, line (sorted set), leases (hash), ticket counter.
 * ARGV: op ("open" | "renew" | "release" | "leave"), holder, now, ttl, lease, wait (1/0), channel.
 * Answers { acquired (1/0), ms until the lock expires (-1: free but not this waiter's turn) }.
 */
export const LOCK_SCRIPT = `
local lock, line, leases, tickets = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local op, holder, now, ttl, lease, wait, channel = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], ARGV[7]
local function leave(id)
  redis.call('ZREM', line, id)
  redis.call('HDEL', leases, id)
end
if op == 'renew' then
  local current = redis.call('GET', lock)
  if current == holder or not current then
    redis.call('SET', lock, holder, 'PX', ttl)
    return {1, ttl}
  end
  return {0, redis.call('PTTL', lock)}
elseif op == 'release' then
  if redis.call('GET', lock) == holder then
    redis.call('DEL', lock)
    redis.call('PUBLISH', channel, lock)
    return {1, 0}
  end
  return {0, redis.call('PTTL', lock)}
elseif op == 'leave' then
  leave(holder)
  if redis.call('EXISTS', lock) == 0 then redis.call('PUBLISH', channel, lock) end
  return {1, 0}
end
-- open: drop waiters whose lease ran out from the head of the line, then take the lock if it
-- is free and this caller is first in line (or the line is empty).
for _ = 1, 100 do
  local head = redis.call('ZRANGE', line, 0, 0)[1]
  if not head then break end
  local until_ = tonumber(redis.call('HGET', leases, head))
  if until_ and until_ >= now then break end
  leave(head)
end
local head = redis.call('ZRANGE', line, 0, 0)[1]
if redis.call('EXISTS', lock) == 0 and (not head or head == holder) then
  redis.call('SET', lock, holder, 'PX', ttl)
  leave(holder)
  return {1, 0}
end
if wait == '1' then
  if not redis.call('ZSCORE', line, holder) then
    redis.call('ZADD', line, redis.call('INCR', tickets), holder)
  end
  redis.call('HSET', leases, holder, now + lease)
  for _, key in ipairs({line, leases, tickets}) do redis.call('PEXPIRE', key, ttl + 2 * lease) end
end
return {0, redis.call('PTTL', lock)}
`;
const LOCK_SCRIPT_SHA = scriptSha(LOCK_SCRIPT);

export class RedisScrollLocks implements ScrollLocks {
  /** While Redis is away: the lock of this process. */
  readonly local: MemoryScrollLocks;
  private subscriber: RedisClientLike | undefined;
  private readonly wakers = new Map<string, Set<() => void>>();

  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
    private readonly ttlMs = SCROLL_LOCK_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.local = new MemoryScrollLocks(ttlMs, clock);
  }

  private keys(key: string): string[] {
    return ['', ':line', ':leases', ':tickets'].map((suffix) => `${this.prefix}${key}${suffix}`);
  }

  private script(key: string, reporter: OutageReporter, op: string, holder: string, wait = false) {
    const args = [op, holder, this.clock(), this.ttlMs, SCROLL_LEASE_MS, wait ? '1' : '0', releaseChannel(this.prefix)];
    return this.link.run(reporter, async (client) => {
      const reply = (await evalScript(client, LOCK_SCRIPT, LOCK_SCRIPT_SHA, this.keys(key), args)) as [number, number];
      return { acquired: Number(reply[0]) === 1, pttl: Number(reply[1]) };
    });
  }

  /** Subscribes (one connection for every waiter of this store, open only while someone waits). */
  private listen(key: string, wake: () => void): () => void {
    let set = this.wakers.get(key);
    if (!set) this.wakers.set(key, (set = new Set()));
    set.add(wake);
    if (!this.subscriber) this.subscribe();
    return () => {
      set.delete(wake);
      if (set.size === 0) this.wakers.delete(key);
      if (this.wakers.size === 0 && this.subscriber) {
        const subscriber = this.subscriber;
        this.subscriber = undefined;
        void subscriber.quit().catch(() => subscriber.disconnect());
      }
    };
  }

  private subscribe(): void {
    const client = this.link.currentClient;
    if (!client?.duplicate) return;
    const subscriber = client.duplicate({ lazyConnect: false, enableOfflineQueue: true });
    this.subscriber = subscriber;
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel: string, lockKey: string) => {
      const key = lockKey.startsWith(this.prefix) ? lockKey.slice(this.prefix.length) : lockKey;
      for (const wake of this.wakers.get(key) ?? []) wake();
    });
    (subscriber as unknown as { subscribe(channel: string): Promise<unknown> }).subscribe(releaseChannel(this.prefix)).catch(() => {});
  }

  async open(key: string, request: LockRequest): Promise<LockAnswer> {
    const deadline = this.clock() + request.maxWaitMs;
    const first = await this.script(key, request.reporter, 'open', request.holder, request.wait && request.maxWaitMs > 0);
    if (!first.ok) return this.local.open(key, request);
    if (first.value.acquired) return { acquired: true };
    if (!request.wait || request.maxWaitMs <= 0) return { acquired: false, retryAfterMs: Math.max(0, first.value.pttl) };
    let wake: () => void = () => {};
    const stop = this.listen(key, () => wake());
    try {
      let answer = first.value;
      for (;;) {
        const left = deadline - this.clock();
        if (left <= 0) {
          void this.script(key, request.reporter, 'leave', request.holder);
          return { acquired: false, retryAfterMs: Math.max(0, answer.pttl) };
        }
        const nap = Math.min(left, SCROLL_RECHECK_MS, answer.pttl >= 0 ? answer.pttl + 5 : SCROLL_RECHECK_MS);
        await abortable(
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, nap);
            wake = () => (clearTimeout(timer), resolve());
          }),
          request.signal,
          () => void this.script(key, request.reporter, 'leave', request.holder),
        );
        const next = await this.script(key, request.reporter, 'open', request.holder, true);
        if (!next.ok) return this.local.open(key, { ...request, maxWaitMs: Math.max(0, deadline - this.clock()) });
        if (next.value.acquired) return { acquired: true };
        answer = next.value;
      }
    } finally {
      stop();
    }
  }

  async renew(key: string, holder: string, reporter: OutageReporter): Promise<void> {
    const result = await this.script(key, reporter, 'renew', holder);
    if (!result.ok) await this.local.renew(key, holder);
  }

  async release(key: string, holder: string, reporter: OutageReporter): Promise<void> {
    await this.local.release(key, holder);
    await this.script(key, reporter, 'release', holder);
  }
}
