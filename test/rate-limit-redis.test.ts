/**
 * The shared budget on a real redis-server: workers (each a runner with its own Redis connection,
 * as separate processes would have) calling one workspace on a window-limited server; Redis down
 * at start, killed mid-run and stalled; what is (and is not) written to Redis; close().
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../bench/rate-limit/fixed-window.js';
import { createRunner, type Runner, type RunOptions, type Warning } from '../entry/index.js';
import { RedisBudgetStore } from '../runtime/rate-limit/budget-store.js';
import { loadRedisConstructor, RedisLink } from '../runtime/rate-limit/redis-link.js';
import { RateResources } from '../runtime/rate-limit/settings.js';
import { failure } from './support/failure.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { limitedRoute, type LimitedRoute } from './support/rate-routes.js';
import { freePort, startRedis, type RedisProcess } from './support/redis-server.js';

let server: IntercomServer;
let redis: RedisProcess;
let admin: Redis;
let tokens = 0;
const freshToken = () => `tok_rate_redis_${++tokens}_SECRET_c0ffee`;
const runners: Runner[] = [];

beforeAll(async () => {
  server = await startIntercomServer();
  redis = await startRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
  await admin?.quit();
  await redis?.stop();
  await server?.close();
});
beforeEach(() => server.reset({ routes: true }));

function worker(token: string, options: RunOptions): Runner {
  const runner = createRunner({ baseUrl: server.url, token, ...options });
  runners.push(runner);
  return runner;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `inFlight` loops calling listTags until `until`; what was answered and what failed. */
async function hammer(runner: Runner, until: number, inFlight: number): Promise<{ ok: number; failed: unknown[] }> {
  let ok = 0;
  const failed: unknown[] = [];
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < until) {
        try {
          await runner.run('listTags');
          ok++;
        } catch (error) {
          failed.push(error);
        }
      }
    }),
  );
  return { ok, failed };
}

/** Windows wholly inside the run: not the first (partial, and the budget is still learning) nor the last. */
function fullWindows(route: LimitedRoute): number[] {
  const indices = [...route.served.keys()].sort((a, b) => a - b);
  return indices.slice(1, -1).map((window) => route.served.get(window)!);
}

describe('workers sharing one budget in Redis', () => {
  it('4 workers × 4 calls in flight on a 10-per-second server for 4 s: no call fails, ≤ 1 % answered 429, ≥ 90 % of every full window used', async () => {
    const route = limitedRoute(new FixedWindowLimiter(10, 1000));
    server.on('GET', '/tags', route.handler);
    const token = freshToken();
    const warnings: Warning[] = [];
    const workers = Array.from({ length: 4 }, () => worker(token, { rateLimit: { redis: redis.url }, onWarning: (w) => warnings.push(w) }));
    const until = Date.now() + 4000;
    const results = await Promise.all(workers.map((w) => hammer(w, until, 4)));
    const failed = results.flatMap((r) => r.failed);
    const served = results.reduce((n, r) => n + r.ok, 0);
    expect(failed).toEqual([]);
    expect(route.refused / (served + route.refused)).toBeLessThanOrEqual(0.01);
    const windows = fullWindows(route);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    for (const count of windows) expect(count).toBeGreaterThanOrEqual(9);
    expect(warnings).toEqual([]);
  }, 20_000);

  it('waiting workers are served in the order they asked, each with a definite time: one round trip per slot, limit per window', async () => {
    const token = freshToken();
    const links = Array.from({ length: 3 }, () => new RedisLink(new Redis(redis.url), 500));
    const stores = links.map((link) => new RedisBudgetStore(link, 'fairness:'));
    const reporter = { outage: () => {}, resumed: () => {} };
    const second = Math.floor(Date.now() / 1000);
    // Answers in three successive windows: limit 2, window 1 s (confirmed), nothing left in the current one.
    stores[0].learn(token, { status: 200, limit: 2, remaining: 0, reset: second - 1, durationMs: null }, reporter);
    stores[0].learn(token, { status: 200, limit: 2, remaining: 0, reset: second, durationMs: null }, reporter);
    stores[0].learn(token, { status: 200, limit: 2, remaining: 0, reset: second + 1, durationMs: null }, reporter);
    await sleep(50);
    const grants = [];
    for (let i = 0; i < 6; i++) grants.push(await stores[i % 3].acquire(token, 60_000, reporter));
    const at = grants.map((g) => (g.granted ? Date.now() + g.waitMs : NaN));
    expect(grants.every((g) => g.granted && g.shared)).toBe(true);
    const windows = at.map((t) => Math.round((t - at[0]) / 1000) + 0);
    expect(windows).toEqual([0, 0, 1, 1, 2, 2]);
    await Promise.all(links.map((link) => link.currentClient!.quit()));
  });

  it('the token is neither stored in Redis nor in its keys; keys carry the prefix and a hash of the token', async () => {
    const token = freshToken();
    server.on('GET', '/tags', { headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '99', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 5) }, body: { data: [] } });
    await worker(token, { rateLimit: { redis: redis.url, prefix: 'acme:' } }).run('listTags');
    await sleep(100);
    const keys = await admin.keys('*');
    const ours = keys.filter((k) => k.startsWith('acme:'));
    expect(ours.sort()).toEqual([expect.stringMatching(/^acme:\{[0-9a-f]{32}\}:budget$/), expect.stringMatching(/^acme:\{[0-9a-f]{32}\}:workers$/)]);
    const dump: unknown[] = [];
    for (const key of keys) {
      const type = await admin.type(key);
      dump.push(key, type === 'hash' ? await admin.hgetall(key) : type === 'string' ? await admin.get(key) : type === 'zset' ? await admin.zrange(key, '0', '-1') : type);
    }
    const text = JSON.stringify(dump);
    for (const form of [token, encodeURIComponent(token), Buffer.from(token).toString('base64')]) expect(text).not.toContain(form);
  });
});

describe('when Redis fails', () => {
  it('down at start: calls go on with the local budget, one warning; the shared budget resumes once Redis is up', async () => {
    const port = await freePort();
    const token = freshToken();
    server.on('GET', '/tags', { headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '90', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) }, body: { data: [] } });
    const warnings: Warning[] = [];
    const runner = worker(token, { rateLimit: { redis: `redis://127.0.0.1:${port}`, prefix: 'late:' }, onWarning: (w) => warnings.push(w) });
    for (let i = 0; i < 5; i++) await runner.run('listTags');
    expect(warnings).toEqual([{ operation: 'listTags', kind: 'rate-limit', field: 'rateLimit', message: expect.stringMatching(/shared rate budget in Redis is unavailable.*this process's budget/) }]);
    const late = await startRedis(port);
    const lateAdmin = new Redis(late.url);
    try {
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline && (await lateAdmin.keys('late:*:budget')).length === 0) {
        await runner.run('listTags');
        await sleep(200);
      }
      const [key] = await lateAdmin.keys('late:*:budget');
      expect(key).toBeDefined();
      // Seeded from what this process had learned while Redis was away.
      expect(await lateAdmin.hget(key, 'limit')).toBe('100');
      expect(warnings).toHaveLength(1);
    } finally {
      await lateAdmin.quit();
      await late.stop();
    }
  }, 20_000);

  it('killed mid-run: no call fails, one warning per worker per outage, and the shared budget resumes when Redis is back', async () => {
    const own = await startRedis();
    const route = limitedRoute(new FixedWindowLimiter(20, 1000));
    server.on('GET', '/tags', route.handler);
    const token = freshToken();
    const warnings: Warning[][] = [[], [], []];
    const workers = warnings.map((list) => worker(token, { rateLimit: { redis: own.url, prefix: 'killed:' }, onWarning: (w) => list.push(w) }));
    let restarted: RedisProcess | undefined;
    try {
      const until = Date.now() + 5000;
      const running = Promise.all(workers.map((w) => hammer(w, until, 3)));
      await sleep(1500);
      await own.stop('SIGKILL');
      await sleep(1500);
      restarted = await startRedis(own.port);
      const results = await running;
      expect(results.flatMap((r) => r.failed)).toEqual([]);
      for (const list of warnings) expect(list).toHaveLength(1);
      const check = new Redis(restarted.url);
      try {
        expect(await check.keys('killed:*:budget')).toHaveLength(1);
      } finally {
        await check.quit();
      }
    } finally {
      await restarted?.stop();
      await own.stop();
    }
  }, 30_000);

  it('stalled (accepts connections, answers nothing): calls go on within the command timeout, one warning', async () => {
    const own = await startRedis();
    const token = freshToken();
    server.on('GET', '/tags', { body: { data: [] } });
    const warnings: Warning[] = [];
    const runner = worker(token, { rateLimit: { redis: own.url, commandTimeoutMs: 200 }, onWarning: (w) => warnings.push(w) });
    try {
      await runner.run('listTags');
      own.pause();
      const started = Date.now();
      for (let i = 0; i < 5; i++) await runner.run('listTags');
      // One command timeout, then the local budget without asking Redis (until the next probe).
      expect(Date.now() - started).toBeLessThan(1500);
      expect(warnings).toHaveLength(1);
      expect(warnings[0].message).toMatch(/no answer within 200 ms/);
    } finally {
      own.resume();
      await own.stop();
    }
  }, 15_000);
});

describe('the fallback while Redis is away', () => {
  it('each worker takes its share of the last shared state (Redis counted the workers), steered by the headers divided the same way', async () => {
    const own = await startRedis();
    const token = freshToken();
    const links = Array.from({ length: 4 }, () => new RedisLink(new Redis(own.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 }), 300));
    const stores = links.map((link) => new RedisBudgetStore(link, 'share:'));
    const reporter = { outage: () => {}, resumed: () => {} };
    try {
      const reset = Math.floor(Date.now() / 1000) + 30;
      for (const store of stores) await store.acquire(token, 0, reporter);
      stores[0].learn(token, { status: 200, limit: 100, remaining: 60, reset, durationMs: null }, reporter);
      await sleep(50);
      for (const store of stores) await store.acquire(token, 0, reporter); // every worker sees the learned state
      await own.stop('SIGKILL');
      await sleep(100);
      const immediate = [];
      for (const store of stores) {
        let n = 0;
        while ((await store.acquire(token, 0, reporter)).granted) n++;
        immediate.push(n);
      }
      // 100 a window over 4 workers: 25 each, of which the 44 slots already counted take 11.
      expect(immediate).toEqual([14, 14, 14, 14]);
      // The server then says 20 are left for everyone: 5 of them for this worker, of which it used all.
      stores[1].learn(token, { status: 200, limit: 100, remaining: 20, reset, durationMs: null }, reporter);
      expect((await stores[1].acquire(token, 0, reporter)).granted).toBe(false);
    } finally {
      for (const link of links) link.currentClient?.disconnect();
      await own.stop();
    }
  });
});

describe('connections', () => {
  it('close() ends the connection the runner opened from a URL', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    const runner = createRunner({ baseUrl: server.url, token: freshToken(), rateLimit: { redis: redis.url } });
    const count = async () => String(await admin.client('LIST')).trim().split('\n').length;
    const before = await count();
    await runner.run('listTags');
    expect(await count()).toBe(before + 1);
    await runner.close();
    await sleep(100);
    expect(await count()).toBe(before);
  });

  it('a runner used again after close() connects again, without reporting an outage', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    const warnings: Warning[] = [];
    const runner = createRunner({ baseUrl: server.url, token: freshToken(), rateLimit: { redis: redis.url }, onWarning: (w) => warnings.push(w) });
    runners.push(runner);
    await runner.run('listTags');
    await runner.close();
    await runner.run('listTags');
    expect(warnings).toEqual([]);
  });

  it('a runner used again after close() has its new connection ended by the next close()', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    const count = async () => String(await admin.client('LIST')).trim().split('\n').length;
    const runner = createRunner({ baseUrl: server.url, token: freshToken(), rateLimit: { redis: redis.url } });
    runners.push(runner);
    const before = await count();
    await runner.run('listTags');
    await runner.close();
    // The runner's resolved options keep their link: the call opens a new client on it.
    await runner.run('listTags');
    expect(await count()).toBe(before + 1);
    await runner.close();
    await sleep(100);
    expect(await count()).toBe(before);
  });

  it('a client passed in is used as it is and stays open after close()', async () => {
    const client = new Redis(redis.url);
    try {
      server.on('GET', '/tags', { body: { data: [] } });
      const token = freshToken();
      const runner = createRunner({ baseUrl: server.url, token, rateLimit: { redis: client, prefix: 'given:' } });
      await runner.run('listTags');
      await runner.close();
      expect(client.status).toBe('ready');
      expect(await client.keys('given:*:budget')).toHaveLength(1);
    } finally {
      await client.quit();
    }
  });

  it('without the ioredis package: CONFIG naming it, nothing sent', async () => {
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package 'ioredis'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    await expect(loadRedisConstructor(missing)).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/"ioredis".*npm install ioredis/) });
    const stores = new RateResources(missing).storesForUrl(redis.url, 'x:', 500);
    const reporter = { outage: () => {}, resumed: () => {} };
    await expect((await stores.budget!.get()).acquire('w', 1000, reporter)).rejects.toMatchObject({ code: 'CONFIG' });
  });

  it('a URL that ioredis refuses is CONFIG before anything is sent', async () => {
    const error = await failure(createRunner({ baseUrl: server.url, token: freshToken(), rateLimit: { redis: 'mysql://x' } }).run('listTags'));
    expect(error.code).toBe('CONFIG');
    expect(server.requests).toHaveLength(0);
  });
});
