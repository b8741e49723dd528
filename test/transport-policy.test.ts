/**
 * The transport's one resend rule (`safeToResend`): the error's `retryable` and the retry loop
 * agree for every failure kind and method; a custom fetch's plain TypeError is retried only where
 * repeating is safe; answers larger than `maxResponseBytes` stop being read.
 */
import { describe, expect, it } from 'vitest';
import { createRunner, type Runner } from '../entry/index.js';
import { safeToResend, type FailureKind } from '../runtime/http.js';
import type { HttpMethod } from '../runtime/registry-types.js';
import { errorList, type IntercomServer } from './support/intercom-server.js';
import { failure } from './support/failure.js';
import { useServerAndRunner } from './support/server-fixture.js';

const TOKEN = 'tok_policy_0123456789abcdef';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});

/** Retry waits as short as the policy allows: advised `retry-after: 0`. */
const NOW = { 'retry-after': '0' };

describe('safeToResend: one rule for retryable and for retrying', () => {
  const cases: Array<[FailureKind, HttpMethod, boolean, boolean]> = [
    [{ kind: 'status', status: 429 }, 'POST', false, true],
    [{ kind: 'status', status: 503 }, 'GET', false, true],
    [{ kind: 'status', status: 503 }, 'POST', false, false],
    [{ kind: 'status', status: 503 }, 'POST', true, true],
    [{ kind: 'status', status: 500 }, 'GET', false, false],
    [{ kind: 'status', status: 404 }, 'GET', false, false],
    [{ kind: 'status', status: 302 }, 'GET', false, false],
    [{ kind: 'connection', code: 'ECONNREFUSED' }, 'POST', false, true],
    [{ kind: 'connection', code: 'ECONNRESET' }, 'POST', false, false],
    [{ kind: 'connection', code: 'ECONNRESET' }, 'DELETE', false, true],
    [{ kind: 'connection', code: undefined }, 'GET', false, true],
    [{ kind: 'connection', code: undefined }, 'PATCH', false, false],
    [{ kind: 'timeout' }, 'GET', false, true],
    [{ kind: 'timeout' }, 'POST', false, false],
    [{ kind: 'invalid-response' }, 'GET', false, false],
    [{ kind: 'aborted' }, 'GET', false, false],
  ];
  it.each(cases)('%j on %s (readOnly %s) → %s', (kind, method, readOnly, expected) => {
    expect(safeToResend(kind, method, readOnly)).toBe(expected);
  });
});

describe('a write that may have reached the server is never retryable', () => {
  it('createTag after a 503: one request, API_ERROR retryable false', async () => {
    server.on('POST', '/tags', { ...errorList(503, 'service_unavailable', 'down'), headers: NOW });
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }))).toMatchObject({ code: 'API_ERROR', status: 503, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('createTag after a connection reset: one request, NETWORK retryable false', async () => {
    server.on('POST', '/tags', { reset: true });
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }))).toMatchObject({ code: 'NETWORK', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('createTag after a timeout: one request, TIMEOUT retryable false; a GET timeout is retryable (not retried)', async () => {
    server.on('POST', '/tags', { hang: true }).on('GET', '/tags', { hang: true });
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }, { timeoutMs: 100 }))).toMatchObject({ code: 'TIMEOUT', retryable: false });
    expect(await failure(runner.run('listTags', {}, { timeoutMs: 100 }))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(server.requests).toHaveLength(2);
  });

  it('a 429 on createTag is retryable (the rate limiter refused it unprocessed): retried, then RATE_LIMITED retryable true', async () => {
    server.on('POST', '/tags', { ...errorList(429, 'rate_limit_exceeded', 'slow down'), headers: NOW });
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }))).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('a GET 500 is neither retried nor retryable; a GET 503 is both', async () => {
    server.on('GET', '/tags', { ...errorList(500, 'server_error', 'boom'), headers: NOW });
    expect(await failure(runner.run('listTags'))).toMatchObject({ status: 500, retryable: false });
    expect(server.requests).toHaveLength(1);
    server.reset({ routes: true });
    server.on('GET', '/tags', { ...errorList(503, 'service_unavailable', 'down'), headers: NOW });
    expect(await failure(runner.run('listTags'))).toMatchObject({ status: 503, retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('a 2xx that is not JSON is INVALID_RESPONSE, not retryable (the write happened)', async () => {
    server.on('POST', '/tags', { status: 200, headers: { 'content-type': 'text/html' }, raw: '<html>ok</html>' });
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }))).toMatchObject({
      code: 'INVALID_RESPONSE',
      status: 200,
      retryable: false,
      issues: [{ path: '', message: 'is not JSON (text/html)' }],
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('a multi-call v1 operation that already wrote', () => {
  it('is not retryable even when the call that failed could be resent (running it again would write twice)', async () => {
    server.on('POST', '/tags', { body: { type: 'tag', id: '17513', name: 'Independent' } });
    server.on('*', '/contacts/{id}/tags/{tag}', { ...errorList(503, 'service_unavailable', 'down'), headers: NOW });
    const error = await failure(runner.run('create_tag', { $body: { name: 'Independent', users: [{ id: 'u1' }, { id: 'u2', untag: true }] } }));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 503, retryable: false });
    expect(error.completedCalls).toEqual([expect.objectContaining({ operation: 'createTag', method: 'POST' })]);
    // The failed untag itself (a DELETE) was resent by the policy; the tagging POST was not.
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'DELETE').length).toBeGreaterThan(1);
  });

  it('a lookup that failed after only reads stays retryable', async () => {
    server.on('POST', '/contacts/search', { ...errorList(503, 'service_unavailable', 'down'), headers: NOW });
    expect(await failure(runner.run('archive_user', { email: 'ann@example.com' }))).toMatchObject({ code: 'API_ERROR', status: 503, retryable: true });
  });
});

describe('a custom fetch that throws a plain TypeError (no cause code)', () => {
  function throwingFetch(): { fetch: typeof globalThis.fetch; calls: () => number } {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      throw new TypeError('fetch failed');
    }) as unknown as typeof globalThis.fetch;
    return { fetch, calls: () => calls };
  }

  it('a GET is retried (no response was received): 3 calls, NETWORK retryable true', async () => {
    const { fetch, calls } = throwingFetch();
    const error = await failure(runner.run('listTags', {}, { fetch }));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(calls()).toBe(3);
  }, 10_000);

  it('a GET that fails once that way and then answers resolves to the answer', async () => {
    let calls = 0;
    const fetch = (async (url: string, init: RequestInit) => {
      if (calls++ === 0) throw new TypeError('fetch failed');
      return globalThis.fetch(url, init);
    }) as unknown as typeof globalThis.fetch;
    server.on('GET', '/tags', { body: { type: 'list', data: [] } });
    expect(await runner.run('listTags', {}, { fetch })).toEqual({ type: 'list', data: [] });
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(1);
  });

  it('a read-only POST (search) is retried; a writing POST is not (1 call, retryable false)', async () => {
    const search = throwingFetch();
    await failure(runner.run('SearchContacts', { $body: { query: { field: 'email', operator: '=', value: 'a@b.c' } } }, { fetch: search.fetch }));
    expect(search.calls()).toBe(3);
    const write = throwingFetch();
    expect(await failure(runner.run('createTag', { $body: { name: 'a' } }, { fetch: write.fetch }))).toMatchObject({ code: 'NETWORK', retryable: false });
    expect(write.calls()).toBe(1);
  }, 10_000);
});

describe('maxResponseBytes', () => {
  /** A fetch answering an endless 200 body; records how many bytes the runtime pulled and whether it cancelled. */
  function endlessFetch(headers: Record<string, string> = {}) {
    const state = { pulled: 0, cancelled: false };
    const chunk = new TextEncoder().encode(`[${'1,'.repeat(8191)}`);
    const fetch = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            state.pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
          cancel() {
            state.cancelled = true;
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json', ...headers } },
      )) as unknown as typeof globalThis.fetch;
    return { fetch, state };
  }

  it('an endless answer stops being read past the limit: INVALID_RESPONSE with status, stream cancelled', async () => {
    const { fetch, state } = endlessFetch();
    const limit = 100_000;
    const error = await failure(runner.run('listTags', {}, { fetch, maxResponseBytes: limit }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, retryable: false, operation: 'listTags' });
    expect(error.issues[0].message).toContain('maxResponseBytes');
    expect(state.cancelled).toBe(true);
    // Read no further than the chunk that crossed the limit (plus what the stream queued ahead).
    expect(state.pulled).toBeLessThan(limit + 4 * 16_384);
  });

  it('a declared Content-Length above the limit fails before the body is read', async () => {
    const { fetch, state } = endlessFetch({ 'content-length': String(10 * 1024 * 1024) });
    const error = await failure(runner.run('listTags', {}, { fetch, maxResponseBytes: 1024 * 1024 }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
    expect(error.message).toContain('10485760 bytes declared');
    expect(state.pulled).toBeLessThanOrEqual(16_384);
  });

  it('over real HTTP: an answer one byte over the limit fails, one at the limit resolves', async () => {
    const body = JSON.stringify({ type: 'list', data: ['x'.repeat(1000)] });
    server.on('GET', '/tags', { headers: { 'content-type': 'application/json' }, raw: body });
    expect(await runner.run('listTags', {}, { maxResponseBytes: body.length })).toEqual(JSON.parse(body));
    expect(await failure(runner.run('listTags', {}, { maxResponseBytes: body.length - 1 }))).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
  });

  it('an error answer over the limit is reported by its status, without its details', async () => {
    server.on('GET', '/tags', { status: 404, headers: { 'content-type': 'application/json' }, raw: JSON.stringify({ errors: [{ code: 'x'.repeat(5000) }] }) });
    const error = await failure(runner.run('listTags', {}, { maxResponseBytes: 1000 }));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 404, apiErrors: [] });
    expect(error.message).toContain('larger than maxResponseBytes');
  });

  it('the default is 64 MiB; a value that is not a non-negative integer is CONFIG, nothing sent', async () => {
    for (const maxResponseBytes of [-1, 1.5, Number.NaN, '10' as unknown as number]) {
      expect((await failure(runner.run('listTags', {}, { maxResponseBytes }))).code).toBe('CONFIG');
    }
    expect(server.requests).toHaveLength(0);
    const { resolveOptions, DEFAULT_MAX_RESPONSE_BYTES } = await import('../runtime/options.js');
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * 1024 * 1024);
    expect(resolveOptions({}, '2.10', 'x').maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
  });
});

describe('runner defaults', () => {
  it('maxResponseBytes set on createRunner applies to every call', async () => {
    const small = createRunner({ token: TOKEN, baseUrl: server.url, maxResponseBytes: 10 });
    server.on('GET', '/tags', { body: { type: 'list', data: [1, 2, 3] } });
    expect((await failure(small.run('listTags'))).code).toBe('INVALID_RESPONSE');
  });
});
