/**
 * One company scroll per workspace: concurrent scrolls of one workspace (in one process, and
 * across workers sharing a real Redis) take turns instead of meeting Intercom's `scroll_exists`;
 * `scrollLock: "fail"` refuses at once; an unfinished scroll keeps its lock until it expires; the
 * v1 `scroll_companies` stepping through pages holds it from the first page to the last.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunner, type Runner, type RunOptions, type Warning } from '../entry/index.js';
import { RedisLink } from '../runtime/rate-limit/redis-link.js';
import { RedisScrollLocks } from '../runtime/rate-limit/redis-scroll-locks.js';
import { SCROLL_LOCK_TTL_MS } from '../runtime/rate-limit/scroll-locks.js';
import { failure } from './support/failure.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { scrollRoute, type ScrollRoute } from './support/rate-routes.js';
import { freePort, startRedis, type RedisProcess } from './support/redis-server.js';

let server: IntercomServer;
let redis: RedisProcess;
let admin: Redis;
let tokens = 0;
const runners: Runner[] = [];
const freshToken = () => `tok_scroll_${++tokens}_SECRET_5c0e11`;

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

let route: ScrollRoute;
beforeEach(() => {
  server.reset({ routes: true });
  route = scrollRoute({ pages: 3, perPage: 2, delayMs: 40 });
  server.on('GET', '/companies/scroll', route.handler);
});

function worker(token: string, options: RunOptions = {}): Runner {
  const runner = createRunner({ baseUrl: server.url, token, ...options });
  runners.push(runner);
  return runner;
}

async function scrollAll(runner: Runner, options: RunOptions = {}): Promise<string[]> {
  const ids: string[] = [];
  for await (const company of runner.iterate('scrollOverAllCompanies', {}, options)) ids.push(company.id);
  return ids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const [where, options] of [
  ['in one process (memory)', () => ({})],
  ['across workers on one Redis', () => ({ rateLimit: { redis: redis.url } })],
] as [string, () => RunOptions][]) {
  describe(`one scroll per workspace, ${where}`, () => {
    it('two scrolls at once: the second waits for the first to end; both read every company, no scroll_exists', async () => {
      const token = freshToken();
      const [a, b] = await Promise.all([scrollAll(worker(token, options())), scrollAll(worker(token, options()))]);
      expect(route.conflicts).toBe(0);
      expect(route.opened).toEqual(['scroll-1', 'scroll-2']);
      expect(a).toHaveLength(6);
      expect(b).toHaveLength(6);
      expect(new Set([a[0].split('-').slice(0, 2).join('-'), b[0].split('-').slice(0, 2).join('-')])).toEqual(new Set(['scroll-1', 'scroll-2']));
    });

    it('scrollLock: "fail": the second is refused at once with RATE_LIMITED saying why, nothing sent for it', async () => {
      const token = freshToken();
      const first = scrollAll(worker(token, options()));
      await sleep(20);
      const error = await failure(scrollAll(worker(token, { ...options(), scrollLock: 'fail' })));
      expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, operation: 'scrollOverAllCompanies' });
      expect(error.message).toMatch(/another call holds this workspace's scroll of \/companies\/scroll.*one open scroll per workspace/);
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(await first).toHaveLength(6);
      expect(route.opened).toHaveLength(1);
      expect(route.conflicts).toBe(0);
    });

    it('an unfinished scroll keeps the lock (Intercom keeps the scroll open): the next opener waits up to maxRateWaitMs, then RATE_LIMITED', async () => {
      const token = freshToken();
      for await (const company of worker(token, options()).iterate('scrollOverAllCompanies', {})) {
        expect(company).toBeDefined();
        break;
      }
      const started = Date.now();
      const error = await failure(scrollAll(worker(token, options()), { maxRateWaitMs: 300 }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.retryAfterSeconds).toBeGreaterThan(SCROLL_LOCK_TTL_MS / 1000 - 5);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(SCROLL_LOCK_TTL_MS / 1000);
      expect(route.opened).toHaveLength(1);
    });

    it('v1 scroll_companies stepped by run(): the lock is held from the first page to the empty last one, then the waiting scroll goes', async () => {
      const token = freshToken();
      const stepper = worker(token, options());
      let page: any = await stepper.run('scroll_companies', {});
      const waiting = scrollAll(worker(token, options()));
      await sleep(150);
      expect(route.opened).toEqual(['scroll-1']);
      while (page.data?.length) page = await stepper.run('scroll_companies', { scroll: page.scroll_param });
      expect(await waiting).toHaveLength(6);
      expect(route.opened).toEqual(['scroll-1', 'scroll-2']);
      expect(route.conflicts).toBe(0);
    });
  });
}

describe('the lock in Redis', () => {
  it('is renewed while the scroll is read (time to live back to 60 s on each page) and gone when it ends', async () => {
    const token = freshToken();
    const runner = worker(token, { rateLimit: { redis: redis.url, prefix: 'renew:' } });
    const ttls: number[] = [];
    for await (const company of runner.iterate('scrollOverAllCompanies', {})) {
      expect(company).toBeDefined();
      const [key] = await admin.keys('renew:*:scroll:/companies/scroll');
      ttls.push(await admin.pttl(key));
      await sleep(120);
    }
    expect(ttls).toHaveLength(6);
    // Each page renews: never far below the full time to live, although the scroll took longer than the gaps.
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(SCROLL_LOCK_TTL_MS - 1000);
    expect(await admin.keys('renew:*:scroll:/companies/scroll')).toEqual([]);
  });

  it('waiters take the lock in the order they asked; a holder that stops loses it when it expires', async () => {
    const links = Array.from({ length: 4 }, () => new RedisLink(new Redis(redis.url), 500));
    const locks = links.map((link) => new RedisScrollLocks(link, 'order:', 400));
    const reporter = { outage: () => {}, resumed: () => {} };
    const request = (holder: string) => ({ holder, maxWaitMs: 10_000, wait: true, signal: undefined, reporter });
    try {
      expect(await locks[0].open('w', request('holder-0'))).toEqual({ acquired: true });
      const order: string[] = [];
      const waiters = [1, 2, 3].map(async (i) => {
        await sleep(i * 30);
        const answer = await locks[i].open('w', request(`holder-${i}`));
        order.push(`holder-${i}`);
        expect(answer).toEqual({ acquired: true });
        await sleep(50);
        await locks[i].release('w', `holder-${i}`, reporter);
      });
      const started = Date.now();
      await Promise.all(waiters);
      // holder-0 never released: the first waiter got the lock when it expired, the others on each release.
      expect(order).toEqual(['holder-1', 'holder-2', 'holder-3']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await Promise.all(links.map((link) => link.currentClient?.quit()));
    }
  });

  it('Redis away: scrolls take turns in this process, one warning', async () => {
    const token = freshToken();
    const warnings: Warning[] = [];
    const gone = `redis://127.0.0.1:${await freePort()}`;
    const options: RunOptions = { rateLimit: { redis: gone }, onWarning: (w) => warnings.push(w) };
    const runner = worker(token, options);
    const [a, b] = await Promise.all([scrollAll(runner), scrollAll(runner)]);
    expect([a.length, b.length]).toEqual([6, 6]);
    expect(route.conflicts).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'rate-limit', field: 'rateLimit' });
  });
});
