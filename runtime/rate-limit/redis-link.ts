/**
 * The connection to Redis as the shared budget uses it: the optional ioredis package loaded only
 * when a Redis budget is used, every command bounded in time, and outages turned into "use the
 * local budget" with one warning per outage.
 *
 * A command is not sent while the link is in an outage, except one probe per PROBE_INTERVAL_MS
 * (when the client says it is connected again): a Redis that is down or slow costs the calls
 * nothing but that one bounded probe, and the shared budget resumes on the first probe that
 * succeeds.
 */
import { ConfigError } from '../errors.js';
import { importOptionalPeer } from '../optional-peer.js';

/** What the budget needs of a Redis client: the subset of ioredis it calls (an ioredis `Redis` fits). */
export interface RedisClientLike {
  /** ioredis: "wait" (lazy, not connected), "connecting", "connect", "ready", "reconnecting", "end", … */
  readonly status: string;
  evalsha(...args: any[]): Promise<unknown>;
  eval(...args: any[]): Promise<unknown>;
  connect?(): Promise<unknown>;
  duplicate?(...args: any[]): RedisClientLike;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  off?(event: string, listener: (...args: any[]) => void): unknown;
}

/** The first connection may take this long (a busy host, TLS) before calls go on without Redis. */
export const FIRST_CONNECT_WAIT_MS = 3_000;
/** During an outage, Redis is tried again at most this often. */
export const PROBE_INTERVAL_MS = 1_000;

export type IoredisModule = { default?: unknown; Redis?: unknown };
export type Importer = () => Promise<IoredisModule>;

/** Loads ioredis (an optional peer dependency); CONFIG naming the package when it is not installed. */
export async function loadRedisConstructor(importer: Importer = () => importOptionalPeer<IoredisModule>('ioredis')): Promise<new (url: string, options: object) => RedisClientLike> {
  let module: IoredisModule;
  try {
    module = await importer();
  } catch (error) {
    const code = (error as { code?: string })?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ConfigError('rateLimit.redis needs the optional package "ioredis": install it with `npm install ioredis`');
    }
    throw error;
  }
  const constructor = (module.Redis ?? module.default) as new (url: string, options: object) => RedisClientLike;
  if (typeof constructor !== 'function') throw new ConfigError('rateLimit.redis: the installed "ioredis" package exports no Redis client');
  return constructor;
}

/** A client for a URL, set up to fail fast instead of queueing while Redis is away. */
export async function clientForUrl(url: string, commandTimeoutMs: number, importer?: Importer): Promise<RedisClientLike> {
  const Redis = await loadRedisConstructor(importer);
  const client = new Redis(url, {
    lazyConnect: true,
    // A command while disconnected fails at once (the call goes on with the local budget)
    // instead of waiting in a queue for a Redis that may not come back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 1_000),
    // Keep reconnecting for as long as the runner lives: the shared budget resumes when Redis is back.
    retryStrategy: (times: number) => Math.min(times * 100, 2_000),
  });
  // Without a listener ioredis prints every connection error; outages are reported through onWarning.
  client.on('error', () => {});
  return client;
}

/** Text of a Redis failure for a warning: its message without any URL (which may hold a password). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<url>');
}

export interface OutageReporter {
  /** The shared budget fell back to the local one (reported once per outage). */
  outage(message: string): void;
  /** The shared budget is back. */
  resumed(message: string): void;
}

export type LinkResult<T> = { ok: true; value: T } | { ok: false };

export class RedisLink {
  private client: RedisClientLike | undefined;
  private opening: Promise<RedisClientLike> | undefined;
  private down = false;
  private probeAt = 0;
  /** Outages so far (a new one starts a new fallback budget). */
  outages = 0;
  /** The first connection attempt, shared by every call made meanwhile; later ones are never waited for. */
  private firstConnection: Promise<boolean> | undefined;

  constructor(
    /** The client (given by the caller), or how to make one (from a URL: then this link owns it). */
    private readonly source: RedisClientLike | (() => Promise<RedisClientLike>),
    readonly commandTimeoutMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    if (typeof source !== 'function') this.client = source;
  }

  get owned(): boolean {
    return typeof this.source === 'function';
  }

  get inOutage(): boolean {
    return this.down;
  }

  /** The client once made (pub/sub duplicates it); undefined before first use. */
  get currentClient(): RedisClientLike | undefined {
    return this.client;
  }

  /** The client, connected; rejects with CONFIG when ioredis is missing. */
  private async connected(): Promise<RedisClientLike | null> {
    if (!this.client) {
      this.opening ??= (this.source as () => Promise<RedisClientLike>)();
      this.client = await this.opening;
    }
    const client = this.client;
    if (client.status === 'ready') return client;
    // First use: wait (bounded) for the first connection instead of reporting an outage at start;
    // a refused connection ends the wait at once.
    this.firstConnection ??= new Promise<boolean>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off?.('ready', done);
        client.off?.('error', done);
        resolve(client.status === 'ready');
      };
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      client.once('ready', done);
      client.once('error', done);
      if (client.status === 'wait' && client.connect) client.connect().catch(() => {});
    });
    return (await this.firstConnection) && client.status === 'ready' ? client : null;
  }

  /** Runs one command within the time bound; `{ ok: false }` when Redis cannot answer now. */
  async run<T>(reporter: OutageReporter, command: (client: RedisClientLike) => Promise<T>): Promise<LinkResult<T>> {
    if (this.down) {
      if (this.clock() < this.probeAt) return { ok: false };
      // This call is the probe: the calls beside it go on without Redis until the next window.
      this.probeAt = this.clock() + PROBE_INTERVAL_MS;
    }
    const client = await this.connected();
    if (!client) return this.failed(reporter, 'not connected');
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
      });
      const sent = command(client);
      sent.catch(() => {});
      const value = await Promise.race([sent, timeout]);
      if (this.down) {
        this.down = false;
        reporter.resumed('Redis answers again: the shared rate budget is back');
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      return this.failed(reporter, describeFailure(error));
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(reporter: OutageReporter, reason: string): { ok: false } {
    this.probeAt = this.clock() + PROBE_INTERVAL_MS;
    if (!this.down) {
      this.down = true;
      this.outages++;
      reporter.outage(`the shared rate budget in Redis is unavailable (${reason}); calls go on with this process's budget until Redis answers again`);
    }
    return { ok: false };
  }

  /** Closes the client if this link made it (a client given by the caller stays the caller's). */
  async close(): Promise<void> {
    if (!this.owned) return;
    const client = this.client ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    if (!client) return;
    this.client = undefined;
    this.opening = undefined;
    // A use after close() opens a new client, whose first connection is waited for like the first
    // one's; an outage seen by the old client is not carried over to it.
    this.firstConnection = undefined;
    this.down = false;
    this.probeAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([client.quit(), new Promise((resolve) => (timer = setTimeout(resolve, this.commandTimeoutMs)))]);
    } catch {
      // Not connected: nothing to say goodbye to.
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
  }
}
