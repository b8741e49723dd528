/**
 * Faults over real HTTP (a loopback server that misbehaves, test/support/fault-server.ts): a 429
 * with only X-RateLimit-Reset, 5xx, connections reset before the headers and mid-body, a body
 * that stalls past the timeout, truncated JSON, HTML with 200, an oversized answer (streamed and
 * declared), redirects. Each call must end with a typed error (or the answer) within a bound, and
 * the requests that arrived are counted: what was retried, what was never sent twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunner, IntercomOpsError, type Runner } from '../entry/index.js';
import { startFaultServer, streamForever, type FaultServer } from './support/fault-server.js';

const TOKEN = 'tok_faults_0123456789abcdef';
/** Longest any call here may take: retries back off 0.5 s + 1 s, timeouts are 300 ms. */
const BOUND_MS = 8_000;

let faults: FaultServer;
let target: FaultServer;
let runner: Runner;

beforeAll(async () => {
  faults = await startFaultServer();
  target = await startFaultServer();
  // The transport alone: one case answers a 429 whose reset is an hour away, after which the rate
  // budget (tested in rate-limit-*.test.ts) would rightly hold every later call of this workspace.
  runner = createRunner({ token: TOKEN, baseUrl: faults.url, timeoutMs: 300, rateLimit: false });
});
afterAll(async () => {
  await faults.close();
  await target.close();
});
beforeEach(() => {
  faults.reset();
  target.reset();
});

/** Settles within BOUND_MS (else the test fails), to an answer or an IntercomOpsError. */
async function settle(promise: Promise<unknown>): Promise<{ value?: unknown; error?: IntercomOpsError; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the call did not end within ${BOUND_MS} ms`)), BOUND_MS);
  });
  try {
    const value = await Promise.race([promise, bound]);
    return { value, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof IntercomOpsError)) throw error;
    return { error, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ((_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  });
const TAGS = { type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] };
const createTag = () => runner.run('createTag', { $body: { name: 'VIP' } });

describe('429 with only X-RateLimit-Reset', () => {
  it('the wait until the reset is honoured, then the request is sent again and answers', async () => {
    faults.route('/tags', (req, res, n) => {
      if (n === 0) {
        const reset = Math.ceil(Date.now() / 1000) + 1;
        return void res.writeHead(429, { 'content-type': 'application/json', 'x-ratelimit-reset': String(reset) }).end('{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"slow"}]}');
      }
      json(200, TAGS)(req, res);
    });
    const started = Date.now();
    // Its own timeout: the 300 ms of the stalled-body cases would make this one depend on machine load.
    const { value } = await settle(runner.run('listTags', {}, { timeoutMs: 10_000 }));
    expect(value).toEqual(TAGS);
    expect(faults.arrivals('/tags')).toBe(2);
    // The reset named a second 1–2 s ahead: the retry waited for it (a lower bound cannot flake).
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a reset beyond the longest wait held: RATE_LIMITED at once, saying when, one request', async () => {
    faults.route('/tags', json(429, { type: 'error.list', errors: [] }, { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600) }));
    const { error, ms } = await settle(runner.run('listTags'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true });
    expect(error!.retryAfterSeconds).toBeGreaterThan(3500);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(faults.arrivals('/tags')).toBe(1);
  });
});

describe('5xx', () => {
  it('a GET 503 is retried twice, then API_ERROR retryable; a writing POST 503 is sent once, not retryable', async () => {
    faults.route('/tags', json(503, { type: 'error.list', errors: [{ code: 'service_unavailable', message: 'down' }] }, { 'retry-after': '0' }));
    expect((await settle(runner.run('listTags'))).error).toMatchObject({ code: 'API_ERROR', status: 503, retryable: true });
    expect((await settle(createTag())).error).toMatchObject({ code: 'API_ERROR', status: 503, retryable: false });
    expect(faults.arrivals('/tags')).toBe(3 + 1);
  });

  it('a 500 is not retried for any method', async () => {
    faults.route('/tags', json(500, { type: 'error.list', errors: [{ code: 'server_error', message: 'boom' }] }));
    expect((await settle(runner.run('listTags'))).error).toMatchObject({ code: 'API_ERROR', status: 500, retryable: false });
    expect(faults.arrivals('/tags')).toBe(1);
  });
});

describe('connections reset', () => {
  it('before the headers: a GET is retried (3 arrivals, NETWORK retryable); a POST is sent once (not retryable)', async () => {
    faults.route('/tags', (_req, res) => res.socket?.destroy());
    expect((await settle(runner.run('listTags'))).error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(faults.arrivals('/tags')).toBe(3);
    faults.reset();
    expect((await settle(createTag())).error).toMatchObject({ code: 'NETWORK', retryable: false });
    expect(faults.arrivals('/tags')).toBe(1);
  });

  it('mid-body: the same (the GET answers once a later attempt completes)', async () => {
    faults.route('/tags', (req, res, n) => {
      if (n > 0 && req.method === 'GET') return json(200, TAGS)(req, res);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"type":"list","da');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((await settle(runner.run('listTags'))).value).toEqual(TAGS);
    expect(faults.arrivals('/tags')).toBe(2);
    faults.reset();
    expect((await settle(createTag())).error).toMatchObject({ code: 'NETWORK', retryable: false });
    expect(faults.arrivals('/tags')).toBe(1);
  });
});

describe('a body that stalls', () => {
  it('past timeoutMs: TIMEOUT, not retried (the budget is the caller’s); retryable only for the GET', async () => {
    faults.route('/tags', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"list","data":[');
    });
    const get = await settle(runner.run('listTags'));
    expect(get.error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(get.ms).toBeLessThan(BOUND_MS);
    expect((await settle(createTag())).error).toMatchObject({ code: 'TIMEOUT', retryable: false });
    expect(faults.arrivals('/tags')).toBe(2);
  });
});

describe('answers that are not what the spec promises', () => {
  it('truncated JSON with 200: INVALID_RESPONSE with the status, one request', async () => {
    faults.route('/tags', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":"list","data":[{"id"'));
    expect((await settle(runner.run('listTags'))).error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, retryable: false });
    expect(faults.arrivals('/tags')).toBe(1);
  });

  it('HTML with 200 (a proxy page): INVALID_RESPONSE naming the media type', async () => {
    faults.route('/tags', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in</body></html>'));
    const { error } = await settle(runner.run('listTags'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, issues: [{ path: '', message: 'is not JSON (text/html)' }] });
    expect(faults.arrivals('/tags')).toBe(1);
  });

  it('an endless answer: INVALID_RESPONSE past maxResponseBytes, and the client stops reading', async () => {
    faults.route('/tags', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"list","data":[');
      streamForever(res, '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",', 512 * 1024 * 1024);
    });
    const { error, ms } = await settle(runner.run('listTags', {}, { maxResponseBytes: 1024 * 1024, timeoutMs: 30_000 }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, retryable: false });
    expect(ms).toBeLessThan(BOUND_MS);
    expect(faults.arrivals('/tags')).toBe(1);
    await expect.poll(() => faults.abandoned('/tags')).toBe(1);
  });

  it('a declared Content-Length over maxResponseBytes fails before the body is read', async () => {
    faults.route('/tags', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) });
      res.write('{"type":"list"');
    });
    const { error } = await settle(runner.run('listTags', {}, { maxResponseBytes: 64 * 1024 }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
    expect(error!.message).toContain(`${200 * 1024 * 1024} bytes declared`);
    await expect.poll(() => faults.abandoned('/tags')).toBe(1);
  });
});

describe('redirects', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status}: API_ERROR with the status; the target is never asked and never sees the token`, async () => {
      faults.route('/tags', (_req, res) => res.writeHead(status, { location: `${target.url}/tags` }).end());
      target.route('/tags', json(200, TAGS));
      const { error } = await settle(runner.run('listTags'));
      expect(error).toMatchObject({ code: 'API_ERROR', status, retryable: false });
      expect(JSON.stringify(error)).not.toContain(TOKEN);
      expect(faults.arrivals('/tags')).toBe(1);
      expect(target.arrivals('/tags')).toBe(0);
    });
  }
});
