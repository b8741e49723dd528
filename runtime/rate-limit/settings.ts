/**
 * The rate-limit options of `run()` / `iterate()` (`rateLimit`, `workspace`, `maxRateWaitMs`,
 * `scrollLock`, `logger`, `onEvent`) and what they resolve to for a call: the workspace's budget
 * store and scroll locks, and the observers. Stores live as long as what they serve: the memory
 * store for the process, a store on a caller's Redis client for as long as that client exists,
 * a store on a Redis URL for the runner that opened the connection (`close()` ends it).
 *
 * The options are checked when they resolve; a store (and its module) is made on its first use
 * (on-demand.ts), so a dry run loads no store and the memory budget none of the Redis modules.
 */
import { ConfigError } from '../errors.js';
import type { BudgetStore } from './budget-store.js';
import type { CallEvent, Logger } from './events.js';
import { OnFirstUse } from '../on-first-use.js';
import type { Importer, RedisClientLike, RedisLink } from './redis-link.js';
import type { ScrollLocks } from './scroll-locks.js';

export interface RedisRateLimit {
  /** A Redis URL (`redis://host:6379/0`, `rediss://…`; the runner opens and closes the connection) or an ioredis client (yours to close). */
  redis: string | RedisClientLike;
  /** Starts every key written in Redis (budget and scroll lock). Default "intercom-ops:". */
  prefix?: string;
  /** Bound of each Redis command (ms); beyond it the call goes on with the local budget. Default 1000 (DEFAULT_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
}

export type RateLimitSetting = 'memory' | false | RedisRateLimit;

export interface RateLimitOptions {
  /** `"memory"` (default): one budget per workspace in this process; `{ redis }`: shared by every process on that Redis; `false`: none. */
  rateLimit?: RateLimitSetting;
  /** Key of the budget and scroll lock (default: a hash of the token). */
  workspace?: string;
  /** Longest wait for budget, or for another call's company scroll (ms); beyond it RATE_LIMITED, nothing sent. Default 60000. */
  maxRateWaitMs?: number;
  /** When another call holds the workspace's company scroll: `"wait"` for it (default) or `"fail"` at once with RATE_LIMITED. */
  scrollLock?: 'wait' | 'fail';
  /** Log lines (debug: each request and answer; info: waits and retries; warn: Redis outages), redacted. */
  logger?: Logger;
  /** One event per request, answer, retry, wait for budget and budget learned. */
  onEvent?: (event: CallEvent) => void;
}

export const DEFAULT_MAX_RATE_WAIT_MS = 60_000;
export const DEFAULT_PREFIX = 'intercom-ops:';
/**
 * Default bound of one Redis command: a slow Redis must not hold calls up longer than this. A
 * local Redis answers in well under a millisecond; a second leaves room for a busy host.
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
/** Longest command bound accepted: a budget that waits longer for Redis than for Intercom is no help. */
const MAX_COMMAND_TIMEOUT_MS = 60_000;
const MAX_WORKSPACE_LENGTH = 200;
const MAX_PREFIX_LENGTH = 200;

/** Where a workspace's budget and scroll locks live, each made on its first use. */
export interface RateStores {
  /** null: no budget (`rateLimit: false`). */
  budget: OnFirstUse<BudgetStore> | null;
  scroll: OnFirstUse<ScrollLocks>;
}

/** What a call needs of the rate-limit options. */
export interface Traffic extends RateStores {
  workspace: string | undefined;
  maxRateWaitMs: number;
  scrollWait: boolean;
  logger: Logger | undefined;
  onEvent: ((event: CallEvent) => void) | undefined;
}

const processScroll = new OnFirstUse(async () => new (await import('./scroll-locks.js')).MemoryScrollLocks());
const processStores: RateStores = {
  budget: new OnFirstUse(async () => new (await import('./memory-budgets.js')).MemoryBudgetStore()),
  scroll: processScroll,
};
/** `rateLimit: false` still keeps one company scroll per workspace in this process. */
const unmeteredStores: RateStores = { budget: null, scroll: processScroll };
/** Stores on clients the caller passed in, per client and prefix. */
const clientStores = new WeakMap<object, Map<string, RateStores>>();

/** The stores in Redis of one link and prefix (the link made on first use too, by either). */
function redisStores(link: OnFirstUse<RedisLink>, prefix: string): RateStores {
  return {
    budget: new OnFirstUse(async () => {
      const [{ RedisBudgetStore }, made] = await Promise.all([import('./budget-store.js'), link.get()]);
      return new RedisBudgetStore(made, prefix);
    }),
    scroll: new OnFirstUse(async () => {
      const [{ RedisScrollLocks }, made] = await Promise.all([import('./redis-scroll-locks.js'), link.get()]);
      return new RedisScrollLocks(made, prefix);
    }),
  };
}

/** The Redis connections a runner opened from URLs; `close()` ends them. */
export class RateResources {
  private readonly byUrl = new Map<string, { stores: RateStores; link: OnFirstUse<RedisLink> }>();

  constructor(
    /** How ioredis is loaded (tests replace it to see the missing-package error). */
    private readonly importer?: Importer,
  ) {}

  storesForUrl(url: string, prefix: string, commandTimeoutMs: number): RateStores {
    const id = JSON.stringify([url, prefix, commandTimeoutMs]);
    let entry = this.byUrl.get(id);
    if (!entry) {
      const link = new OnFirstUse(async () => {
        const { clientForUrl, RedisLink } = await import('./redis-link.js');
        return new RedisLink(() => clientForUrl(url, commandTimeoutMs, this.importer), commandTimeoutMs);
      });
      entry = { stores: redisStores(link, prefix), link };
      this.byUrl.set(id, entry);
    }
    return entry.stores;
  }

  /**
   * Ends every connection opened so far. The links stay known: a runner keeps its resolved
   * options (and their stores) after close(), and a link used again opens a new client, which the
   * next close() must still end.
   */
  async close(): Promise<void> {
    await Promise.all([...this.byUrl.values()].map(async (entry) => (await entry.link.made())?.close()));
  }
}

function storesForClient(client: RedisClientLike, prefix: string, commandTimeoutMs: number): RateStores {
  let byPrefix = clientStores.get(client);
  if (!byPrefix) clientStores.set(client, (byPrefix = new Map()));
  const id = `${commandTimeoutMs}\n${prefix}`;
  let stores = byPrefix.get(id);
  if (!stores) {
    const link = new OnFirstUse(async () => new (await import('./redis-link.js')).RedisLink(client, commandTimeoutMs));
    byPrefix.set(id, (stores = redisStores(link, prefix)));
  }
  return stores;
}

function isRedisClient(value: unknown): value is RedisClientLike {
  const client = value as RedisClientLike;
  return !!client && typeof client === 'object' && typeof client.evalsha === 'function' && typeof client.eval === 'function';
}

function redisUrl(value: string, operation: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${operation}: rateLimit.redis is not a URL (redis://host:port or rediss://…)`, { operation });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(`${operation}: rateLimit.redis must be a redis:// or rediss:// URL`, { operation });
  }
  return value;
}

function resolveStores(setting: unknown, operation: string, resources: RateResources): RateStores {
  if (setting === undefined || setting === 'memory') return processStores;
  if (setting === false) return unmeteredStores;
  const invalid = () =>
    new ConfigError(`${operation}: rateLimit must be "memory", false or { redis: <URL or ioredis client>, prefix? }`, { operation });
  if (!setting || typeof setting !== 'object') throw invalid();
  const { redis, prefix = DEFAULT_PREFIX, commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS, ...rest } = setting as RedisRateLimit;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new ConfigError(`${operation}: rateLimit has no option ${unknown.join(', ')} (redis, prefix, commandTimeoutMs)`, { operation });
  if (typeof prefix !== 'string' || prefix.length > MAX_PREFIX_LENGTH) {
    throw new ConfigError(`${operation}: rateLimit.prefix must be a string of at most ${MAX_PREFIX_LENGTH} characters`, { operation });
  }
  if (typeof commandTimeoutMs !== 'number' || !Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0 || commandTimeoutMs > MAX_COMMAND_TIMEOUT_MS) {
    throw new ConfigError(`${operation}: rateLimit.commandTimeoutMs must be a positive number of at most ${MAX_COMMAND_TIMEOUT_MS}`, { operation });
  }
  if (typeof redis === 'string') return resources.storesForUrl(redisUrl(redis, operation), prefix, commandTimeoutMs);
  if (isRedisClient(redis)) return storesForClient(redis, prefix, commandTimeoutMs);
  throw invalid();
}

export function resolveTraffic(options: RateLimitOptions, operation: string, resources: RateResources): Traffic {
  const stores = resolveStores(options.rateLimit, operation, resources);
  const { workspace, maxRateWaitMs = DEFAULT_MAX_RATE_WAIT_MS, scrollLock = 'wait', logger, onEvent } = options;
  if (workspace !== undefined && (typeof workspace !== 'string' || workspace === '' || workspace.length > MAX_WORKSPACE_LENGTH || !/^[\x21-\x7e]+$/.test(workspace))) {
    throw new ConfigError(`${operation}: workspace must be a non-empty string of visible ASCII characters (at most ${MAX_WORKSPACE_LENGTH})`, { operation });
  }
  if (typeof maxRateWaitMs !== 'number' || !Number.isFinite(maxRateWaitMs) || maxRateWaitMs < 0) {
    throw new ConfigError(`${operation}: maxRateWaitMs must be a non-negative number of milliseconds`, { operation });
  }
  if (scrollLock !== 'wait' && scrollLock !== 'fail') throw new ConfigError(`${operation}: scrollLock must be "wait" or "fail"`, { operation });
  if (logger !== undefined && (!logger || (['debug', 'info', 'warn', 'error'] as const).some((level) => typeof logger[level] !== 'function'))) {
    throw new ConfigError(`${operation}: logger must have debug, info, warn and error methods`, { operation });
  }
  if (onEvent !== undefined && typeof onEvent !== 'function') throw new ConfigError(`${operation}: onEvent must be a function`, { operation });
  // A literal, not a spread: on Node 20 `{ ...a, b }` costs microseconds, and this runs per call.
  return { budget: stores.budget, scroll: stores.scroll, workspace, maxRateWaitMs, scrollWait: scrollLock === 'wait', logger, onEvent };
}
