/**
 * The scroll locks of `rateLimit: { redis }`, shared by every process on that Redis (how they
 * work: scroll-locks.ts, which has the interface and the locks of this process). While Redis is
 * away, the locks of this process stand in.
 */
import { evalScript, scriptSha } from './budget-store.js';
import type { OutageReporter, RedisClientLike, RedisLink } from './redis-link.js';
import { abortable, MemoryScrollLocks, SCROLL_LEASE_MS, SCROLL_LOCK_TTL_MS, SCROLL_RECHECK_MS, type LockAnswer, type LockRequest, type ScrollLocks } from './scroll-locks.js';

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
