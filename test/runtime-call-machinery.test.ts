/**
 * What a call sets up and leaves behind: a runner's defaults resolved once yet every call's own
 * options honoured (token, signal, a fetch installed after the first call), bad per-call options
 * still CONFIG, and no abort listener left on the caller's signal or on the signal given to fetch
 * once a request settles (undici keeps that signal reachable, so a listener would keep the answer
 * alive), for the native fetch (over real HTTP) and for a custom one.
 */
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner } from '../entry/index.js';
import { failure } from './support/failure.js';

const TOKEN = 'tok_machinery_0123456789abcdef';
const OTHER_TOKEN = 'tok_machinery_other_9876543210';

let server: Server;
let baseUrl: string;
const seenAuthorization: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seenAuthorization.push(String(request.headers.authorization));
    const body = JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function jsonResponse(): Response {
  return new Response(JSON.stringify({ type: 'list', data: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
}

describe('per-call options over resolved defaults', () => {
  it('a token given per call is sent instead of the default one, and a bad one is CONFIG with nothing sent', async () => {
    const runner = createRunner({ token: TOKEN, baseUrl, rateLimit: false });
    seenAuthorization.length = 0;
    await runner.run('listTags', {});
    await runner.run('listTags', {}, { token: OTHER_TOKEN });
    await runner.run('listTags', {}, { token: undefined });
    expect(seenAuthorization).toEqual([`Bearer ${TOKEN}`, `Bearer ${OTHER_TOKEN}`, `Bearer ${TOKEN}`]);
    const error = await failure(runner.run('listTags', {}, { token: ' spaced token ' }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('token');
    expect(seenAuthorization).toHaveLength(3);
  });

  it('a bad default is CONFIG on every call, unless the call overrides it', async () => {
    const runner = createRunner({ token: TOKEN, baseUrl: 'ftp://example.com', rateLimit: false });
    expect((await failure(runner.run('listTags', {}))).code).toBe('CONFIG');
    expect((await failure(runner.run('listTags', {}, { token: OTHER_TOKEN }))).code).toBe('CONFIG');
    await expect(runner.run('listTags', {}, { baseUrl })).resolves.toMatchObject({ type: 'list' });
  });

  it('with no fetch configured, a global fetch installed after the first call is the one used', async () => {
    const runner = createRunner({ token: TOKEN, baseUrl, rateLimit: false });
    await runner.run('listTags', {});
    const original = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = async () => {
      calls++;
      return jsonResponse();
    };
    try {
      await expect(runner.run('listTags', {})).resolves.toEqual({ type: 'list', data: [] });
      expect(calls).toBe(1);
    } finally {
      globalThis.fetch = original;
    }
    await expect(runner.run('listTags', {})).resolves.toMatchObject({ data: [{ id: '1' }] });
  });

  it('a per-call signal aborted before the call sends nothing', async () => {
    const runner = createRunner({ token: TOKEN, baseUrl, rateLimit: false });
    seenAuthorization.length = 0;
    expect((await failure(runner.run('listTags', {}, { signal: AbortSignal.abort() }))).code).toBe('ABORTED');
    expect(seenAuthorization).toHaveLength(0);
  });
});

describe('nothing left behind when a request settles', () => {
  it('native fetch: no abort listener stays on the caller’s signal', async () => {
    const runner = createRunner({ token: TOKEN, baseUrl, rateLimit: false });
    const controller = new AbortController();
    for (let i = 0; i < 5; i++) await runner.run('listTags', {}, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a custom fetch (raced against the signal): no listener on the caller’s signal nor on the one given to fetch', async () => {
    const given: AbortSignal[] = [];
    const runner = createRunner({
      token: TOKEN,
      baseUrl,
      rateLimit: false,
      fetch: async (_url, init) => {
        given.push(init!.signal!);
        return jsonResponse();
      },
    });
    const controller = new AbortController();
    await runner.run('listTags', {}, { signal: controller.signal });
    await runner.run('listTags', {});
    expect(given).toHaveLength(2);
    for (const signal of given) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a custom fetch that never answers still times out, and leaves no listener either', async () => {
    const given: AbortSignal[] = [];
    const runner = createRunner({
      token: TOKEN,
      baseUrl,
      rateLimit: false,
      timeoutMs: 50,
      maxRetries: 0,
      fetch: (_url, init) => {
        given.push(init!.signal!);
        return new Promise<Response>(() => {});
      },
    });
    const controller = new AbortController();
    expect((await failure(runner.run('listTags', {}, { signal: controller.signal }))).code).toBe('TIMEOUT');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // The race's own listener is gone with the abort (`once`); nothing else was added.
    expect(getEventListeners(given[0], 'abort')).toHaveLength(0);
  });
});
