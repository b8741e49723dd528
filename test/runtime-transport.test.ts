/**
 * The transport policy at a real HTTP server: retries (counted by arriving requests), Retry-After,
 * POST not repeated, timeouts, aborts, connection failures, and the token absent from every form
 * of every error.
 */
import { inspect } from 'node:util';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRunner, type Runner, IntercomOpsError } from '../entry/index.js';
import { advisedWaitMs, backoffMs, MAX_RETRY_DELAY_MS } from '../runtime/http.js';
import { redactText } from '../runtime/redact.js';
import { errorList, type IntercomServer } from './support/intercom-server.js';
import { failure } from './support/failure.js';
import { useServerAndRunner } from './support/server-fixture.js';

const TOKEN = 'tok_SECRET_transport_9f8e7d6c5b4a';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});

/** Every way an error can be looked at: message, properties, JSON, inspect, stack, String(). */
function expectNoToken(error: unknown, token = TOKEN): void {
  const e = error as IntercomOpsError;
  const forms = [e.message, String(e), e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(Object.entries(e))];
  for (const form of forms) expect(form).not.toContain(token);
  expect((e as { cause?: unknown }).cause).toBeUndefined();
}

/** A port with nothing listening (connection refused). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('retries', () => {
  it('GET: 503, 502 then 200 → 3 requests, the answer of the last', async () => {
    server.on('GET', '/tags', [
      { status: 503, headers: { 'retry-after': '0' } },
      { status: 502, headers: { 'retry-after': '0' } },
      { body: { data: ['ok'] } },
    ]);
    expect(await runner.run('listTags')).toEqual({ data: ['ok'] });
    expect(server.requests).toHaveLength(3);
  });

  it('at most 2 retries: a GET that keeps failing is sent 3 times, then API_ERROR', async () => {
    server.on('GET', '/tags', { status: 504, headers: { 'retry-after': '0' } });
    const error = await failure(runner.run('listTags'));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 504, retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('429 on PUT and DELETE is retried; after giving up → RATE_LIMITED with retryAfterSeconds', async () => {
    server.on('DELETE', '/tags/{id}', [{ ...errorList(429, 'rate_limit_exceeded', 'slow down'), headers: { 'retry-after': '0' } }, { status: 204 }]);
    expect(await runner.run('deleteTag', { id: '1' })).toBeNull();
    expect(server.requests).toHaveLength(2);
    server.reset();
    const reset = String(Math.floor(Date.now() / 1000));
    server.on('PUT', '/admins/{id}/away', { ...errorList(429, 'rate_limit_exceeded', 'slow down'), headers: { 'x-ratelimit-reset': reset } });
    const error = await failure(runner.run('setAwayAdmin', { id: 1, $body: { away_mode_enabled: true, away_mode_reassign: false } }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true });
    expect(error.retryAfterSeconds).toBeTypeOf('number');
    expect(server.requests).toHaveLength(3);
  });

  it('Retry-After (seconds) is honoured between attempts', async () => {
    server.on('GET', '/tags', [{ status: 429, headers: { 'retry-after': '1' } }, { body: { data: [] } }]);
    await runner.run('listTags');
    const [first, second] = server.requests;
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
  });

  it('a writing POST that reached the server is never retried on 503 or a connection reset', async () => {
    server.on('POST', '/tags', { status: 503, headers: { 'retry-after': '0' } });
    expect((await failure(runner.run('createTag', { $body: { name: 'a' } }))).status).toBe(503);
    expect(server.requests).toHaveLength(1);
    server.reset({ routes: true });
    server.on('POST', '/tags', { reset: true });
    expect((await failure(runner.run('createTag', { $body: { name: 'a' } }))).code).toBe('NETWORK');
    expect(server.requests).toHaveLength(1);
  });

  it('429 on a writing POST is retried (the rate limiter refused it unprocessed): 429 then 200 → 2 requests', async () => {
    server.on('POST', '/tags', [
      { ...errorList(429, 'rate_limit_exceeded', 'slow down'), headers: { 'retry-after': '0' } },
      { body: { type: 'tag', id: '7', name: 'a' } },
    ]);
    expect(await runner.run('createTag', { $body: { name: 'a' } })).toEqual({ type: 'tag', id: '7', name: 'a' });
    expect(server.requests).toHaveLength(2);
    server.reset({ routes: true });
    // Still within the policy: a wait beyond the cap is reported, not slept through.
    server.on('POST', '/tags', { status: 429, headers: { 'retry-after': '3600' } });
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }))).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    expect(server.requests).toHaveLength(1);
  });

  it('a read-only POST (search) is retried like a GET', async () => {
    server.on('POST', '/contacts/search', [{ status: 503, headers: { 'retry-after': '0' } }, { body: { data: [] } }]);
    await runner.run('SearchContacts', { $body: { query: { field: 'email', operator: '=', value: 'a@b.c' } } });
    expect(server.requests).toHaveLength(2);
  });

  it('a GET whose connection is reset is retried', async () => {
    server.on('GET', '/tags', [{ reset: true }, { body: { data: [1] } }]);
    expect(await runner.run('listTags')).toEqual({ data: [1] });
    expect(server.requests).toHaveLength(2);
  });

  it('a POST refused before connecting may be retried (it never reached a server): NETWORK after 3 tries', async () => {
    const port = await closedPort();
    let calls = 0;
    const counting = ((url: string, init: RequestInit) => {
      calls++;
      return globalThis.fetch(url, init);
    }) as typeof globalThis.fetch;
    const error = await failure(
      runner.run('createTag', { $body: { name: 'a' } }, { baseUrl: `http://127.0.0.1:${port}`, fetch: counting }),
    );
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(calls).toBe(3);
    expectNoToken(error);
  }, 10_000);

  it('maxRetries: 0 turns retrying off', async () => {
    server.on('GET', '/tags', { status: 503, headers: { 'retry-after': '0' } });
    await failure(runner.run('listTags', {}, { maxRetries: 0 }));
    expect(server.requests).toHaveLength(1);
  });

  it('backoff and advised waits', () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(1, () => 1)).toBe(750);
    expect(backoffMs(20, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(advisedWaitMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(advisedWaitMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(advisedWaitMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 4) }), now)).toBe(4000);
    expect(advisedWaitMs(new Headers({}), now)).toBeNull();
  });

  it('an empty retry-after-ms is no advice: Retry-After still decides the wait', async () => {
    expect(advisedWaitMs(new Headers({ 'retry-after-ms': '', 'retry-after': '3' }))).toBe(3000);
    expect(advisedWaitMs(new Headers({ 'retry-after-ms': '  ', 'retry-after': '3' }))).toBe(3000);
    expect(advisedWaitMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    server.on('GET', '/tags', [{ status: 429, headers: { 'retry-after-ms': '', 'retry-after': '1' } }, { body: { data: [] } }]);
    await runner.run('listTags');
    const [first, second] = server.requests;
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
  });

  it('a wait longer than the cap is not slept through: RATE_LIMITED at once, saying when', async () => {
    server.on('GET', '/tags', { status: 429, headers: { 'retry-after': '3600' } });
    const error = await failure(runner.run('listTags'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeouts and aborts', () => {
  it('timeoutMs per request → TIMEOUT (not retried)', async () => {
    server.on('GET', '/tags', { hang: true });
    const error = await failure(runner.run('listTags', {}, { timeoutMs: 100 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, operation: 'listTags' });
    expect(server.requests).toHaveLength(1);
    expectNoToken(error);
  });

  it('a slow body counts against the same timeout', async () => {
    server.on('GET', '/tags', { delayMs: 400, body: {} });
    expect((await failure(runner.run('listTags', {}, { timeoutMs: 100 }))).code).toBe('TIMEOUT');
  });

  it('a custom fetch that ignores the signal still times out', async () => {
    const fetch = (() => new Promise<Response>(() => {})) as unknown as typeof globalThis.fetch;
    expect((await failure(runner.run('listTags', {}, { timeoutMs: 50, fetch }))).code).toBe('TIMEOUT');
  });

  it('a custom fetch that answers a Response itself (not a promise) works with a timeout and a signal', async () => {
    const fetch = (() => new Response(JSON.stringify({ type: 'list', data: [] }), { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof globalThis.fetch;
    expect(await runner.run('listTags', {}, { fetch })).toEqual({ type: 'list', data: [] });
    expect(await runner.run('listTags', {}, { fetch, signal: new AbortController().signal })).toEqual({ type: 'list', data: [] });
  });

  it("a custom fetch's answer that comes after the timeout has its body cancelled unread", async () => {
    let cancelled = false;
    const late = () =>
      new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new TextEncoder().encode('{}')), cancel: () => void (cancelled = true) }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const fetch = (() => new Promise<Response>((resolve) => setTimeout(() => resolve(late()), 150))) as unknown as typeof globalThis.fetch;
    expect((await failure(runner.run('listTags', {}, { timeoutMs: 50, fetch }))).code).toBe('TIMEOUT');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(cancelled).toBe(true);
  });

  it('a late answer that is no Response, or a late rejection, is let go without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const late of [() => null, () => ({ body: {} }), () => Promise.reject(new TypeError('late failure'))]) {
        const fetch = (() => new Promise((resolve) => setTimeout(() => resolve(late()), 100))) as unknown as typeof globalThis.fetch;
        expect((await failure(runner.run('listTags', {}, { timeoutMs: 30, fetch }))).code).toBe('TIMEOUT');
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a custom fetch whose body never ends (and ignores the signal) still times out or aborts, with or without a Content-Length, and the body is cancelled', async () => {
    const variants: Array<Record<string, string>> = [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', 'content-length': '2' }];
    for (const headers of variants) {
      // A stream that never delivers: only the race ends the read; the attempt then cancels it.
      let cancelled = 0;
      const fetch = (async () =>
        new Response(new ReadableStream({ pull: () => new Promise(() => {}), cancel: () => void cancelled++ }), { status: 200, headers })) as typeof globalThis.fetch;
      expect((await failure(runner.run('listTags', {}, { timeoutMs: 50, fetch }))).code).toBe('TIMEOUT');
      expect(cancelled).toBe(1);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      expect((await failure(runner.run('listTags', {}, { fetch, signal: controller.signal }))).code).toBe('ABORTED');
      expect(cancelled).toBe(2);
    }
  });

  it('signal aborted mid-request → ABORTED', async () => {
    server.on('GET', '/tags', { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(runner.run('listTags', {}, { signal: controller.signal }));
    expect(error).toMatchObject({ code: 'ABORTED', retryable: false });
  });

  it('an already-aborted signal sends nothing', async () => {
    const error = await failure(runner.run('listTags', {}, { signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);
  });

  it('aborting during a retry wait → ABORTED without another request', async () => {
    server.on('GET', '/tags', { status: 503, headers: { 'retry-after': '5' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failure(runner.run('listTags', {}, { signal: controller.signal }))).code).toBe('ABORTED');
    expect(server.requests).toHaveLength(1);
  });
});

describe('the token never appears', () => {
  it('in API errors (even when the server echoes it back)', async () => {
    server.on('GET', '/tags', ({ request }) => ({
      ...errorList(401, 'unauthorized', `Token ${String(request.headers.authorization)} rejected`),
    }));
    const error = await failure(runner.run('listTags'));
    expect(error.code).toBe('API_ERROR');
    expect(error.apiErrors?.[0].message).toContain('***');
    expectNoToken(error);
  });

  it('in network errors whose underlying message echoes the request headers', async () => {
    const fetch = (async (_url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      throw Object.assign(new TypeError(`fetch failed: ${JSON.stringify(headers)}`), {
        cause: Object.assign(new Error(`socket hang up sending ${headers.Authorization} / ${TOKEN}`), { code: 'ECONNRESET', headers }),
      });
    }) as unknown as typeof globalThis.fetch;
    const error = await failure(runner.run('createTag', { $body: { name: 'x' } }, { fetch }));
    expect(error.code).toBe('NETWORK');
    expect(error.causeMessage).toContain('socket hang up');
    expectNoToken(error);
  });

  it('in errors from a token-less real call, timeouts, invalid params and unknown names', async () => {
    const errors = [
      await failure(createRunner({ baseUrl: server.url }).run('listTags')),
      await failure(runner.run('retrieveAdmin', { id: 'not-a-number' })),
      await failure(runner.run('listTagz')),
    ];
    for (const error of errors) expectNoToken(error);
  });

  it('in every spelling a server may echo: as is, percent-encoded, JSON-escaped', async () => {
    const token = 'tok_echo/+=?&"\\x_0123456789';
    server.on('GET', '/tags', () =>
      errorList(401, 'unauthorized', `raw ${token} url ${encodeURIComponent(token)} json ${JSON.stringify({ token })}`),
    );
    const error = await failure(runner.run('listTags', {}, { token }));
    expect(error.code).toBe('API_ERROR');
    for (const form of [token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)]) expectNoToken(error, form);
    expect(error.apiErrors[0].message).toBe('raw *** url *** json {"token":"***"}');
  });

  it('tokens that fetch would send altered are CONFIG; nothing sent, token not quoted', async () => {
    const bad = ['', '   ', 'tok_trailing_space_12345 ', ' tok_leading_space_12345', 'tok_tab\there_12345', 'tok_line\nbreak_12345',
      'tok_cr\rhere_12345', 'tok_ls\u2028here_12345', 'tok_nbsp\u00a0here_12345', 'tök_non_ascii_12345', 'tok_nul\u0000_12345'];
    for (const token of bad) {
      const error = await failure(runner.run('listTags', {}, { token }));
      expect(error.code, JSON.stringify(token)).toBe('CONFIG');
      if (token.trim().length >= 4) expectNoToken(error, token.trim());
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a token under 8 characters is CONFIG, nothing sent, and it masks nothing (get_admin stays get_admin)', async () => {
    const error = await failure(runner.run('listTags', {}, { token: 'sek' }));
    expect(error.code).toBe('CONFIG');
    expect(server.requests).toHaveLength(0);
    const admin = await failure(runner.run('retrieveAdmin', { id: 1 }, { token: 'admin' }));
    expect(admin).toMatchObject({ code: 'CONFIG', operation: 'retrieveAdmin' });
    expect(redactText('operation get_admin', 'admin')).toBe('operation get_admin');
  });

  it('in a dry-run plan: Authorization is masked', async () => {
    const plan = await runner.run('createTag', { $body: { name: 'x' } }, { dryRun: true });
    expect(JSON.stringify(plan)).not.toContain(TOKEN);
    expect(plan.requests[0].headers.Authorization).toBe('Bearer ***');
    expect(server.requests).toHaveLength(0);
  });
});
