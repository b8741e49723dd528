/**
 * Shared request deadlines (runtime/deadlines.ts): who shares one, when it fires (never before a
 * request's timeout, at most a slice after), what it aborts, and that an idle deadline keeps no
 * process alive. Through `run()`: calls share signals, and a timeout is still a TIMEOUT.
 */
import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../entry/index.js';
import { DEADLINE_SLICE_MS, joinDeadline, leaveDeadline, MAX_REQUESTS_PER_DEADLINE, TIMED_OUT } from '../runtime/deadlines.js';
import { failure } from './support/failure.js';
import { startIntercomServer } from './support/intercom-server.js';
import { shippedModule } from './support/shipped.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('joinDeadline', () => {
  it('requests of one slice and one timeout share a deadline; another timeout, a full one or a later slice do not', () => {
    const t0 = 1_000_000;
    const first = joinDeadline(5_000, t0);
    const second = joinDeadline(5_000, t0 + DEADLINE_SLICE_MS - 1);
    expect(second).toBe(first);
    expect(joinDeadline(6_000, t0)).not.toBe(first);
    const later = joinDeadline(5_000, t0 + DEADLINE_SLICE_MS);
    expect(later).not.toBe(first);
    const members = [later];
    for (let i = 1; i < MAX_REQUESTS_PER_DEADLINE; i++) members.push(joinDeadline(5_000, t0 + DEADLINE_SLICE_MS));
    expect(new Set(members).size).toBe(1);
    const next = joinDeadline(5_000, t0 + DEADLINE_SLICE_MS);
    expect(next).not.toBe(later);
    for (const d of [first, second, later, ...members.slice(1), next]) leaveDeadline(d);
    leaveDeadline(joinDeadline(6_000, t0));
  });

  it('fires no earlier than the timeout of a member that joined at the end of its slice, with TIMED_OUT', async () => {
    const first = joinDeadline(40);
    const started = first.openedAt;
    // A request joining as late as the slice allows still has its 40 ms.
    const last = joinDeadline(40, started + DEADLINE_SLICE_MS - 0.5);
    expect(last).toBe(first);
    const aborted = await new Promise<number>((resolve) => first.signal.addEventListener('abort', () => resolve(performance.now())));
    expect(first.signal.reason).toBe(TIMED_OUT);
    expect(aborted - started).toBeGreaterThanOrEqual(40 + DEADLINE_SLICE_MS - 1);
    leaveDeadline(first);
    leaveDeadline(last);
  });

  it('its timer is referenced only while requests are in flight', () => {
    const deadline = joinDeadline(60_000);
    expect(deadline.timer.hasRef()).toBe(true);
    const again = joinDeadline(60_000, deadline.openedAt);
    expect(again).toBe(deadline);
    leaveDeadline(deadline);
    expect(deadline.timer.hasRef()).toBe(true);
    leaveDeadline(again);
    expect(deadline.timer.hasRef()).toBe(false);
    expect(joinDeadline(60_000, deadline.openedAt)).toBe(deadline);
    expect(deadline.timer.hasRef()).toBe(true);
    leaveDeadline(deadline);
  });

  it('a deadline whose requests all settled aborts nothing and lets go of its timer', async () => {
    const deadline = joinDeadline(20);
    leaveDeadline(deadline);
    expect(deadline.timer.hasRef()).toBe(false);
    // Retired by a join after its slice: its timer is cleared, so it never fires.
    await sleep(DEADLINE_SLICE_MS + 2);
    const next = joinDeadline(20);
    expect(next).not.toBe(deadline);
    await sleep(20 + DEADLINE_SLICE_MS + 30);
    expect(deadline.signal.aborted).toBe(false);
    leaveDeadline(next);
  });

  it('a deadline whose last request settles after its slice lets go of its timer at once', async () => {
    // A timeout of its own: nothing else joins this deadline, so only its leave can retire it.
    const deadline = joinDeadline(35);
    await sleep(DEADLINE_SLICE_MS + 5);
    leaveDeadline(deadline);
    expect(deadline.retired).toBe(true);
    await sleep(35 + DEADLINE_SLICE_MS + 30);
    expect(deadline.signal.aborted).toBe(false);
    const next = joinDeadline(35);
    expect(next).not.toBe(deadline);
    leaveDeadline(next);
  });
});

describe('run() under shared deadlines', () => {
  it('calls one after the other share one signal; each call still times out by itself', async () => {
    const signals = new Set<AbortSignal | null | undefined>();
    const fetch: typeof globalThis.fetch = async (_url, init) => {
      signals.add(init?.signal);
      return new Response('{"type":"list","data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const runner = createRunner({ token: 'test-token-0123', fetch, timeoutMs: 60_000, rateLimit: false });
    for (let i = 0; i < 20; i++) await runner.run('listTags');
    // 20 quick calls: one or two slices, not 20 signals.
    expect(signals.size).toBeLessThanOrEqual(3);
    expect([...signals].every((signal) => signal instanceof AbortSignal && !signal.aborted)).toBe(true);

    // A hanging answer beside quick ones: only the hanging call times out.
    const hang: typeof globalThis.fetch = (url, init) =>
      String(url).includes('/admins/')
        ? new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)))
        : fetch(url, init);
    const slow = createRunner({ token: 'test-token-0123', fetch: hang, timeoutMs: 50, rateLimit: false });
    const started = performance.now();
    const [hung, quick] = await Promise.all([failure(slow.run('retrieveAdmin', { id: 1 })), slow.run('listTags')]);
    expect(hung).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('within 50 ms') });
    expect(quick).toEqual({ type: 'list', data: [] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(50 - 1);
  });

  it('a deadline firing aborts its call still in flight, and neither the connections its finished calls used nor a call sent later', async () => {
    const serve = async (handler: Parameters<typeof createServer>[1]) => {
      const server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const quick = await serve((request, response) => {
      const admin = request.url!.startsWith('/admins/');
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(admin ? '{"type":"admin","id":"1"}' : '{"type":"list","data":[]}');
      }, admin ? 150 : 0);
    });
    let closed = 0;
    quick.server.on('connection', (socket) => socket.on('close', () => closed++));
    const silent = await serve(() => {});
    try {
      const runner = createRunner({ token: 'test-token-0123', baseUrl: quick.url, timeoutMs: 50, rateLimit: false });
      // Validators compiled, fetch loaded and connections open first, so the calls below start together.
      await runner.run('listTags', {}, { timeoutMs: 5_000 });
      await runner.run('retrieveAdmin', { id: 1 }, { timeoutMs: 5_000 });
      // Both join one deadline: the first is never answered, the second at once.
      const hung = failure(runner.run('retrieveAdmin', { id: 2 }, { baseUrl: silent.url }));
      await runner.run('listTags');
      // In flight (with a budget of its own) when that deadline fires.
      const slow = await runner.run('retrieveAdmin', { id: 1 }, { timeoutMs: 5_000 });
      expect(await hung).toMatchObject({ code: 'TIMEOUT' });
      expect(slow).toEqual({ type: 'admin', id: '1' });
      await runner.run('listTags');
      // The finished call's kept-alive connection was not ended by the deadline aborting it.
      expect(closed).toBe(0);
    } finally {
      for (const { server } of [quick, silent]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it("a caller's signal without a timeout: nothing is left listening on it once a call settles, and it still aborts", async () => {
    const server = await startIntercomServer();
    try {
      server.on('GET', '/tags', { body: { type: 'list', data: [] } });
      server.on('GET', '/admins/{id}', { hang: true });
      const controller = new AbortController();
      const runner = createRunner({ token: 'test-token-0123', baseUrl: server.url, signal: controller.signal, timeoutMs: 0, rateLimit: false });
      // Through the native fetch: undici leaves a listener on the signal it is given until it
      // collects the request, so a long-lived signal given as is would gather one per call.
      const left: number[] = [];
      for (let i = 0; i < 20; i++) {
        await runner.run('listTags');
        left.push(getEventListeners(controller.signal, 'abort').length);
      }
      expect(left).toEqual(new Array(20).fill(0));
      const hung = failure(runner.run('retrieveAdmin', { id: 1 }));
      setTimeout(() => controller.abort(), 20);
      expect(await hung).toMatchObject({ code: 'ABORTED' });
    } finally {
      await server.close();
    }
  });

  it('64 calls in flight through a custom fetch share a signal without a listener-leak warning', async () => {
    const perSignal = new Map<AbortSignal, number>();
    const fetch: typeof globalThis.fetch = async (_url, init) => {
      const signal = init!.signal!;
      perSignal.set(signal, (perSignal.get(signal) ?? 0) + 1);
      // A fetch honouring its signal listens to it, as the race around it does.
      const onAbort = () => {};
      signal.addEventListener('abort', onAbort);
      await sleep(5);
      signal.removeEventListener('abort', onAbort);
      return new Response('{"type":"list","data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const runner = createRunner({ token: 'test-token-0123', fetch, timeoutMs: 60_000, rateLimit: false });
    await runner.run('listTags');
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await Promise.all(Array.from({ length: MAX_REQUESTS_PER_DEADLINE }, () => runner.run('listTags')));
      await sleep(0);
    } finally {
      process.off('warning', onWarning);
    }
    // Many calls on one signal (Node warns past 10 listeners on an AbortSignal by default).
    expect(Math.max(...perSignal.values())).toBeGreaterThan(10);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('a process whose calls are done exits at once: an idle deadline holds no timer', () => {
    const entry = shippedModule('.');
    const script = `
      const { createRunner } = await import(${JSON.stringify(entry)});
      const fetch = async () => new Response('{"data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
      await createRunner({ token: 'test-token-0123', fetch, timeoutMs: 60000, rateLimit: false }).run('listTags');
    `;
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
