/**
 * Timeouts without a signal (runtime/timed-dispatch.ts): a call through the runtime's own fetch
 * carries no AbortSignal, and its deadline still ends it in every phase (waiting for a
 * connection, for the headers, for the rest of the body), with TIMEOUT, the request aborted (its
 * connection closed) or, when it had no connection yet, never written. The second test shows
 * that calls take this path (the phase tests alone would pass through a signal too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunner } from '../entry/index.js';
import { joinDeadline, leaveDeadline, openDeadline } from '../runtime/deadlines.js';
import { timedDispatch } from '../runtime/timed-dispatch.js';
import { failure } from './support/failure.js';
import { REPO_ROOT } from '../spec/repo-root.js';

const TOKEN = 'test-token-0123';
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
/**
 * The runtime's undici speaks the protocol timed-dispatch.ts relies on (Node 20 and 22: undici 6;
 * Node 24: 7). Written out, not read from the module: this file is what says those majors are known
 * (.ci/run runs it under the machine's Node, 20, and under Node 24).
 */
const knownUndici = ['6', '7'].includes(process.versions.undici?.split('.')[0] ?? '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LIST = '{"type":"list","data":[]}';

interface TestServer {
  url: string;
  arrivals: string[];
  /** Connections closed by the client (or reset) so far. */
  closed(): number;
  close(): Promise<void>;
}

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<TestServer> {
  const arrivals: string[] = [];
  let closed = 0;
  const server = createServer((request, response) => {
    arrivals.push(`${request.method} ${request.url}`);
    handler(request, response);
  });
  server.on('connection', (socket: Socket) => socket.on('close', () => closed++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    closed: () => closed,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function started(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<TestServer> {
  const server = await serve(handler);
  servers.push(server);
  return server;
}

/** A runner whose first call (undici loaded, the global dispatcher installed) is done. */
async function warmRunner(server: TestServer, timeoutMs: number) {
  const runner = createRunner({ token: TOKEN, baseUrl: server.url, timeoutMs, rateLimit: false });
  await runner.run('listTags', {}, { timeoutMs: 5_000 });
  return runner;
}

describe('the transport tests .ci/run runs under Node 24', () => {
  it('npm run test:transport names test files that exist, this one among them (vitest would quietly drop a renamed one)', () => {
    const script: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts['test:transport'];
    const [runner, ...files] = script.split(/\s+/);
    expect(runner).toBe('vitest');
    expect(files[0]).toBe('run');
    expect(files.slice(1)).toContain('test/timed-dispatch.test.ts');
    for (const file of files.slice(1)) {
      // Inside vitest's include (test/**/*.test.ts), and there.
      expect(file).toMatch(/^test\/[\w./-]+\.test\.ts$/);
      expect(existsSync(join(REPO_ROOT, file)), file).toBe(true);
    }
  });
});

describe('timed without a signal', () => {
  it("under undici 6 and 7 (Node 20, 22 and 24) calls are timed without a signal; under another undici, with one", async () => {
    await fetch('data:,');
    const deadline = joinDeadline(60_000);
    const timed = timedDispatch(deadline);
    if (knownUndici) expect(timed).toBeDefined();
    else expect(timed).toBeUndefined();
    timed?.done();
    leaveDeadline(deadline);
    expect(deadline.watchers.size).toBe(0);
  });

  it('a call in flight is watched by its deadline, which never makes a signal', async () => {
    let hold = false;
    let answer: (() => void) | undefined;
    const server = await started((request, response) => {
      const reply = () => response.writeHead(200, { 'content-type': 'application/json' }).end(request.url === '/tags' ? LIST : '{"type":"admin","id":"1"}');
      if (hold && request.url !== '/tags') answer = reply;
      else reply();
    });
    const runner = await warmRunner(server, 60_000);
    // Its validator compiled first, so that the call below starts its request at once.
    await runner.run('retrieveAdmin', { id: 1 });
    hold = true;
    const call = runner.run('retrieveAdmin', { id: 1 });
    await expect.poll(() => answer !== undefined).toBe(true);
    // The call's deadline (nothing else has this timeout): it watches the call.
    const deadline = openDeadline(60_000)!;
    expect(deadline.watchers.size).toBe(1);
    answer!();
    expect(await call).toEqual({ type: 'admin', id: '1' });
    expect(deadline.watchers.size).toBe(0);
    expect((deadline as any).signalOf).toBeUndefined();
  });

  it('no headers by the deadline: TIMEOUT at the timeout, the connection closed', async () => {
    const server = await started((request, response) => {
      if (request.url === '/tags') response.writeHead(200, { 'content-type': 'application/json' }).end(LIST);
    });
    const runner = await warmRunner(server, 80);
    const closedBefore = server.closed();
    const began = performance.now();
    const error = await failure(runner.run('retrieveAdmin', { id: 1 }));
    const took = performance.now() - began;
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, message: expect.stringContaining('within 80 ms') });
    expect(took).toBeGreaterThanOrEqual(79);
    expect(took).toBeLessThan(1_000);
    await expect.poll(() => server.closed()).toBe(closedBefore + 1);
    expect(server.arrivals.filter((a) => a.startsWith('GET /admins/'))).toHaveLength(1);
  });

  it('headers, then a body that stalls: TIMEOUT, the connection closed', async () => {
    const server = await started((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url === '/tags') response.end(LIST);
      else response.write('{"type":"admin",');
    });
    const runner = await warmRunner(server, 80);
    const closedBefore = server.closed();
    const error = await failure(runner.run('retrieveAdmin', { id: 1 }));
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    await expect.poll(() => server.closed()).toBe(closedBefore + 1);
  });

  it('a body of unknown length that stalls (read through the byte counter): TIMEOUT', async () => {
    const server = await started((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      if (request.url === '/tags') response.end(LIST);
      else response.write('{"type":"admin",');
    });
    const runner = await warmRunner(server, 80);
    expect(await failure(runner.run('retrieveAdmin', { id: 1 }))).toMatchObject({ code: 'TIMEOUT' });
  });

  it('still waiting for a connection at the deadline: TIMEOUT at once, and the request is never written', async () => {
    const server = await started((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(LIST));
    const runner = await warmRunner(server, 60);
    const real = (globalThis as any)[GLOBAL_DISPATCHER];
    let handedOn = 0;
    let dispatchedAt = 0;
    // A dispatcher whose connection comes late: it hands each request on after 300 ms.
    (globalThis as any)[GLOBAL_DISPATCHER] = {
      dispatch(options: object, handler: object) {
        dispatchedAt = performance.now();
        setTimeout(() => {
          handedOn++;
          real.dispatch(options, handler);
        }, 300);
        return true;
      },
    };
    try {
      const arrivalsBefore = server.arrivals.length;
      const closedBefore = server.closed();
      const error = await failure(runner.run('createTag', { $body: { name: 'x' } }));
      expect(error).toMatchObject({ code: 'TIMEOUT', retryable: false });
      // Given up at the deadline, not when the connection came.
      expect(performance.now() - dispatchedAt).toBeLessThan(250);
      expect(handedOn).toBe(0);
      await expect.poll(() => handedOn).toBe(1);
      // Aborted as the kept-alive connection took it (which closes that connection), never written.
      await expect.poll(() => server.closed()).toBe(closedBefore + 1);
      expect(server.arrivals.length).toBe(arrivalsBefore);
    } finally {
      (globalThis as any)[GLOBAL_DISPATCHER] = real;
    }
    // The runner goes on as before.
    expect(await runner.run('listTags', {}, { timeoutMs: 5_000 })).toEqual({ type: 'list', data: [] });
  });

  it('calls that finish before their deadline keep their connection: the deadline firing later aborts none', async () => {
    const server = await started((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(LIST));
    const runner = await warmRunner(server, 300);
    const closedBefore = server.closed();
    for (let i = 0; i < 8; i++) await runner.run('listTags');
    await sleep(300 + 10 + 50);
    expect(await runner.run('listTags')).toEqual({ type: 'list', data: [] });
    expect(server.closed()).toBe(closedBefore);
  });

  it("a global dispatcher's isMockActive reaches fetch (undici's MockAgent is handed the body's source)", async () => {
    const server = await started((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"type":"tag","id":"1","name":"x"}'));
    const runner = await warmRunner(server, 5_000);
    const real = (globalThis as any)[GLOBAL_DISPATCHER];
    const bodies: unknown[] = [];
    (globalThis as any)[GLOBAL_DISPATCHER] = {
      isMockActive: true,
      dispatch(options: { body: unknown }, handler: object) {
        bodies.push(options.body);
        return real.dispatch(options, handler);
      },
    };
    try {
      await runner.run('createTag', { $body: { name: 'x' } });
    } finally {
      (globalThis as any)[GLOBAL_DISPATCHER] = real;
    }
    expect(bodies).toEqual([JSON.stringify({ name: 'x' })]);
  });

  it('a dispatcher that answers without handing out the abort handle: a stalled body still times out, and later calls carry a signal', async () => {
    const server = await started((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url === '/tags') response.end(LIST);
      else response.write('{"type":"admin",');
    });
    const runner = await warmRunner(server, 80);
    const real = (globalThis as any)[GLOBAL_DISPATCHER];
    // Like a mock: it answers through the handler but never calls its onConnect. (This shows the
    // module another protocol for good: tests after it take the signal path, hence last but one.)
    (globalThis as any)[GLOBAL_DISPATCHER] = {
      dispatch(options: object, handler: { onConnect: unknown }) {
        handler.onConnect = () => {};
        return real.dispatch(options, handler);
      },
    };
    try {
      expect(await failure(runner.run('retrieveAdmin', { id: 1 }))).toMatchObject({ code: 'TIMEOUT' });
      const deadline = joinDeadline(60_000);
      expect(timedDispatch(deadline)).toBeUndefined();
      leaveDeadline(deadline);
    } finally {
      (globalThis as any)[GLOBAL_DISPATCHER] = real;
    }
  });

  it("a v2 handler (a newer undici's fetch as the global one) goes to that undici's global dispatcher, and later calls carry a signal", async () => {
    // A module of its own: the test above already showed another protocol to this file's.
    vi.resetModules();
    const { TimedDispatch, timedDispatch } = await import('../runtime/timed-dispatch.js');
    await fetch('data:,');
    const V2 = Symbol.for('undici.globalDispatcher.2');
    const handed: string[] = [];
    const v1 = { dispatch: () => handed.push('v1') > 0 };
    const deadline = joinDeadline(60_000);
    const before = timedDispatch(deadline);
    before?.done();
    if (!knownUndici) {
      // Another undici: nothing is timed this way (the first test says so too).
      expect(before).toBeUndefined();
      return leaveDeadline(deadline);
    }
    expect(before).toBeDefined();
    // undici 7 keeps its global dispatcher under this symbol too (writable, not configurable): replaced, then put back.
    const own = Object.getOwnPropertyDescriptor(globalThis, V2);
    const stand = { dispatch: () => handed.push('v2') > 0 };
    if (own) (globalThis as any)[V2] = stand;
    else Object.defineProperty(globalThis, V2, { value: stand, configurable: true });
    try {
      const timed = new TimedDispatch(deadline, v1);
      expect(timed.dispatch({}, { onRequestStart() {} } as object)).toBe(true);
      timed.done();
    } finally {
      if (own) (globalThis as any)[V2] = own.value;
      else delete (globalThis as any)[V2];
    }
    expect(handed).toEqual(['v2']);
    expect(timedDispatch(deadline)).toBeUndefined();
    leaveDeadline(deadline);
  });

  it('a fetch wrapped around the runtime\'s that drops its dispatcher (an interceptor\'s passthrough): a stalled body still times out', async () => {
    const server = await started((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url === '/tags') response.end(LIST);
      else response.write('{"type":"admin",');
    });
    const original = globalThis.fetch;
    globalThis.fetch = (url, init) => original(url, { ...init, dispatcher: undefined } as RequestInit);
    try {
      // The runtime loaded over the wrapper: it is the runtime's fetch, and never reaches the request's dispatcher.
      vi.resetModules();
      const { createRunner: freshRunner } = await import('../entry/index.js');
      const runner = freshRunner({ token: TOKEN, baseUrl: server.url, timeoutMs: 80, rateLimit: false });
      // The first call (after it, the module knows the protocol is another one and uses the signal).
      // (The fresh module's error classes are not this file's: the code is what is checked.)
      await expect(runner.run('retrieveAdmin', { id: 1 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      globalThis.fetch = original;
    }
  });
});
