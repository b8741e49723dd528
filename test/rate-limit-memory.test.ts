/**
 * The rate budget of one process (`rateLimit: "memory"`, the default) at a real HTTP server that
 * enforces a window limit the way Intercom does; `rateLimit: false`; waiting (maxRateWaitMs,
 * signal, timeoutMs); events and log lines; the option checks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedWindowLimiter } from '../bench/rate-limit/fixed-window.js';
import { createRunner, type CallEvent, type RunOptions, type Runner } from '../entry/index.js';
import { SEND_MARGIN_MS } from '../runtime/rate-limit/window-budget.js';
import { failure } from './support/failure.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { limitedRoute } from './support/rate-routes.js';

let server: IntercomServer;
let tokens = 0;
/** A token of its own per test: the memory budget is per workspace for the whole process. */
const freshToken = () => `tok_rate_memory_${++tokens}_SECRET_77aa`;
const runnerFor = (options: RunOptions = {}): Runner => createRunner({ baseUrl: server.url, token: freshToken(), ...options });

beforeAll(async () => {
  server = await startIntercomServer();
});
afterAll(() => server?.close());
beforeEach(() => server.reset({ routes: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Until `ms` past the start of the next whole second (1 s windows are aligned to the clock). */
const intoNextSecond = (ms = 80) => sleep(1000 - (Date.now() % 1000) + ms);

/** Two calls in successive windows: the budget has learned the limit and measured the window. */
async function warmUp(runner: Runner): Promise<void> {
  await runner.run('listTags');
  await intoNextSecond();
  await runner.run('listTags');
}

describe('memory budget at a server limiting 5 calls per 1 s window', () => {
  it('a burst of 20 concurrent calls: every call served, none answered 429, never more than 5 in a window', async () => {
    const route = limitedRoute(new FixedWindowLimiter(5, 1000));
    server.on('GET', '/tags', route.handler);
    const runner = runnerFor();
    await warmUp(runner);
    const results = await Promise.all(Array.from({ length: 20 }, () => runner.run('listTags')));
    expect(results).toHaveLength(20);
    expect(route.refused).toBe(0);
    expect(Math.max(...route.served.values())).toBeLessThanOrEqual(5);
    // 22 calls at 5 a window need at least 5 windows: the budget waited instead of sending.
    expect(route.served.size).toBeGreaterThanOrEqual(5);
  }, 20_000);

  it('rateLimit: false sends the same burst straight into 429s (with no retries: failures)', async () => {
    const route = limitedRoute(new FixedWindowLimiter(5, 1000));
    server.on('GET', '/tags', route.handler);
    const runner = runnerFor({ rateLimit: false, maxRetries: 0 });
    await warmUp(runner);
    const settled = await Promise.allSettled(Array.from({ length: 20 }, () => runner.run('listTags')));
    expect(route.refused).toBeGreaterThan(0);
    expect(settled.filter((s) => s.status === 'rejected').length).toBe(route.refused);
  }, 20_000);

  it('a 429 still goes through the retry policy and corrects the budget: calls behind it wait instead of being refused too', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1;
    let refused = 0;
    const arrivals: number[] = [];
    server.on('GET', '/tags', ({ count }) => {
      arrivals.push(Date.now());
      const headers = { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': count === 0 ? '0' : '2', 'x-ratelimit-reset': String(count === 0 ? reset : reset + 1) };
      if (count === 0) refused++;
      return count === 0 ? { status: 429, headers, body: { type: 'error.list', errors: [{ code: 'rate_limit_exceeded', message: 'slow down' }] } } : { headers, body: { data: [] } };
    });
    const runner = runnerFor();
    const events: CallEvent[] = [];
    const first = runner.run('listTags', {}, { onEvent: (e) => events.push(e) });
    await sleep(50);
    const second = runner.run('listTags', {}, { onEvent: (e) => events.push(e) });
    await Promise.all([first, second]);
    expect(refused).toBe(1);
    expect(server.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry')).toMatchObject([{ reason: '429' }]);
    expect(events.some((e) => e.type === 'rate-wait')).toBe(true);
    // Neither the retry nor the call behind it reached the server before the window the 429 named had ended.
    expect(Math.min(...arrivals.slice(1))).toBeGreaterThanOrEqual(reset * 1000);
  }, 10_000);
});

/** Answers telling the budget there is nothing left until `resetInSeconds` from now. */
function exhaust(resetInSeconds: number): void {
  const reset = String(Math.floor(Date.now() / 1000) + resetInSeconds);
  server.on('GET', '/tags', { headers: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { data: [] } });
}

describe('waiting for budget', () => {
  it('beyond maxRateWaitMs: RATE_LIMITED with retryAfterSeconds, nothing sent', async () => {
    exhaust(30);
    const runner = runnerFor();
    await runner.run('listTags');
    server.reset();
    const error = await failure(runner.run('listTags', {}, { maxRateWaitMs: 1000 }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, operation: 'listTags' });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(31);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/nothing was sent/);
    expect(server.requests).toHaveLength(0);
  });

  it('the caller\'s signal ends the wait (ABORTED, nothing sent) and the slot goes to the next caller', async () => {
    exhaust(30);
    const runner = runnerFor();
    await runner.run('listTags');
    server.reset();
    const waits: number[] = [];
    const onEvent = (e: CallEvent) => e.type === 'rate-wait' && waits.push(e.waitMs);
    const first = new AbortController();
    const pending = runner.run('listTags', {}, { signal: first.signal, onEvent });
    setTimeout(() => first.abort(), 100);
    expect((await failure(pending)).code).toBe('ABORTED');
    const second = new AbortController();
    const next = runner.run('listTags', {}, { signal: second.signal, onEvent });
    setTimeout(() => second.abort(), 20);
    expect((await failure(next)).code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);
    // The second caller got the slot the first gave back (same send time), not one a window later.
    expect(waits).toHaveLength(2);
    expect(Math.abs(waits[0] - 100 - waits[1])).toBeLessThan(60);
  });

  it('the wait is not part of timeoutMs (per request): a 300 ms timeout survives a wait of more than a second', async () => {
    exhaust(2);
    const runner = runnerFor({ timeoutMs: 300 });
    await runner.run('listTags');
    server.on('GET', '/tags', { body: { data: ['ok'] } });
    const started = Date.now();
    expect(await runner.run('listTags')).toEqual({ data: ['ok'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000 - SEND_MARGIN_MS);
  }, 10_000);

  it('`workspace` names the budget: two tokens of one workspace share it', async () => {
    exhaust(30);
    const a = runnerFor({ workspace: 'acme-eu' });
    await a.run('listTags');
    const b = runnerFor({ workspace: 'acme-eu' });
    expect((await failure(b.run('listTags', {}, { maxRateWaitMs: 50 }))).code).toBe('RATE_LIMITED');
    // Without it, another token is another workspace.
    await runnerFor().run('listTags', {}, { maxRateWaitMs: 50 });
  });
});

describe('events and log lines', () => {
  it('request per attempt, response with status and duration, retry with reason and wait, rate-budget learned, rate-wait', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    server.on('GET', '/tags', [
      { status: 503, headers: { 'retry-after': '0' } },
      { headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { data: [] } },
      { body: { data: [] } },
    ]);
    const events: CallEvent[] = [];
    const runner = runnerFor({ onEvent: (e) => events.push(e) });
    await runner.run('listTags');
    await runner.run('listTags');
    const url = `${server.url}/tags`;
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'rate-budget', 'response', 'rate-wait', 'request', 'response']);
    expect(events[0]).toEqual({ type: 'request', operation: 'listTags', method: 'GET', url, attempt: 1 });
    expect(events[1]).toMatchObject({ type: 'response', status: 503, attempt: 1 });
    expect((events[1] as { durationMs: number }).durationMs).toBeTypeOf('number');
    expect(events[2]).toMatchObject({ type: 'retry', reason: '503', waitMs: 0, attempt: 1 });
    expect(events[4]).toMatchObject({ type: 'rate-budget', limit: 10, remaining: 0, reset: Number(reset), status: 200, workspace: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(events[6]).toMatchObject({ type: 'rate-wait', shared: false, attempt: 1 });
    expect((events[6] as { waitMs: number }).waitMs).toBeGreaterThan(0);
  }, 10_000);

  it('a logger gets redacted lines at debug/info; the token never appears in an event or a line', async () => {
    const token = freshToken();
    server.on('GET', '/tags/{id}', [{ status: 429, headers: { 'retry-after': '0' } }, { body: { type: 'admin' } }]);
    const lines: Record<string, string[]> = { debug: [], info: [], warn: [], error: [] };
    const logger = Object.fromEntries(Object.keys(lines).map((level) => [level, (line: string) => lines[level].push(line)])) as any;
    const events: CallEvent[] = [];
    // The token as a path value: it reaches the URL, so the URL in lines and events must be masked.
    await createRunner({ baseUrl: server.url, token, logger, onEvent: (e) => events.push(e) }).run('findTag', { id: token });
    expect(lines.debug.length).toBeGreaterThanOrEqual(4);
    expect(lines.info.some((line) => /retrying .* \(429\)/.test(line))).toBe(true);
    const everything = JSON.stringify([lines, events]);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(encodeURIComponent(token));
    expect(everything).toContain('/tags/***');
  });

  it('nothing is written to the console or stdout/stderr unless a logger is given', async () => {
    const writes = [
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m)),
    ];
    try {
      server.on('GET', '/tags', [{ status: 503, headers: { 'retry-after': '0' } }, { body: { data: [] } }]);
      await runnerFor().run('listTags');
      exhaust(1);
      const runner = runnerFor();
      await runner.run('listTags');
      await runner.run('listTags');
      for (const spy of writes) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of writes) spy.mockRestore();
    }
  }, 10_000);

  it('a throwing onEvent or logger does not fail the call', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    const boom = () => {
      throw new Error('boom');
    };
    const runner = runnerFor({ onEvent: boom, logger: { debug: boom, info: boom, warn: boom, error: boom } });
    expect(await runner.run('listTags')).toEqual({ data: [] });
  });
});

describe('option checks (CONFIG, nothing sent)', () => {
  const cases: [string, RunOptions, RegExp][] = [
    ['rateLimit as a word', { rateLimit: 'redis' as any }, /rateLimit must be "memory", false or/],
    ['rateLimit.redis not redis://', { rateLimit: { redis: 'http://127.0.0.1:6379' } }, /redis:\/\/ or rediss:\/\//],
    ['rateLimit.redis not a URL', { rateLimit: { redis: 'localhost' } }, /not a URL/],
    ['rateLimit unknown key', { rateLimit: { redis: 'redis://127.0.0.1:1', host: 'x' } as any }, /no option host/],
    ['rateLimit.prefix', { rateLimit: { redis: 'redis://127.0.0.1:1', prefix: 7 as any } }, /prefix/],
    ['rateLimit.commandTimeoutMs', { rateLimit: { redis: 'redis://127.0.0.1:1', commandTimeoutMs: 0 } }, /commandTimeoutMs/],
    ['workspace empty', { workspace: '' }, /workspace must be/],
    ['maxRateWaitMs negative', { maxRateWaitMs: -1 }, /maxRateWaitMs/],
    ['scrollLock', { scrollLock: 'queue' as any }, /scrollLock must be "wait" or "fail"/],
    ['logger without methods', { logger: { info() {} } as any }, /logger must have debug, info, warn and error/],
    ['onEvent', { onEvent: 'yes' as any }, /onEvent must be a function/],
  ];
  for (const [name, options, message] of cases) {
    it(name, async () => {
      const error = await failure(runnerFor().run('listTags', {}, options));
      expect(error.code).toBe('CONFIG');
      expect(error.message).toMatch(message);
      expect(server.requests).toHaveLength(0);
    });
  }
});
