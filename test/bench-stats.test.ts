/** The benchmarks' statistics (bench/processes.ts): what every table's figures are made of. */
import { describe, expect, it } from 'vitest';
import { pairedRatios, quartiles, roundOrder, summary, userSearch, wireHeaders } from '../bench/processes.js';
import { EVENTS, phasesOf } from '../bench/phases.js';
import { createRunner } from '../entry/index.js';

describe('bench statistics', () => {
  it('quartiles: nearest-rank 25th and 75th percentiles around the median, the input left as it was', () => {
    const values = [8, 1, 7, 2, 6, 3, 5, 4];
    expect(quartiles(values)).toEqual({ p25: 2, median: 4.5, p75: 6 });
    expect(values).toEqual([8, 1, 7, 2, 6, 3, 5, 4]);
    expect(quartiles([5])).toEqual({ p25: 5, median: 5, p75: 5 });
    expect(quartiles([3, 1, 2])).toEqual({ p25: 1, median: 2, p75: 3 });
  });

  it('roundOrder: every client once per round, the same order for the same round, each following every other', () => {
    const clients = ['raw', 'raw again', 'openapi-fetch', 'run()'];
    const follows = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      const order = roundOrder(clients, round);
      expect([...order].sort()).toEqual([...clients].sort());
      expect(roundOrder(clients, round)).toEqual(order);
      for (let i = 1; i < order.length; i++) follows.set(`${order[i - 1]} → ${order[i]}`, (follows.get(`${order[i - 1]} → ${order[i]}`) ?? 0) + 1);
    }
    expect(clients).toEqual(['raw', 'raw again', 'openapi-fetch', 'run()']);
    // 12 ordered pairs, 1,200 neighbourings: about 100 each (a rotation would give 300 to four pairs and none to others).
    expect(follows.size).toBe(12);
    for (const [pair, count] of follows) expect(count, pair).toBeGreaterThan(60);
  });

  it('summary and paired ratios', () => {
    expect(summary([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(pairedRatios([2, 9], [4, 3])).toEqual([0.5, 3]);
  });
});

describe('what the raw clients send', () => {
  it('headers: what run() sends, in its order, with and without a JSON body', async () => {
    const token = 'bench-token-0123456789';
    // Untyped: the names and params vary by case.
    const runner: { run(name: string, params: Record<string, unknown>): Promise<unknown> } = createRunner({ token, dryRun: true });
    const cases: Array<[string, Record<string, unknown>, boolean]> = [
      ['listTags', {}, false],
      ['createTag', { $body: { name: 'VIP' } }, true],
    ];
    for (const [name, params, json] of cases) {
      const plan = (await runner.run(name, params)) as { requests: Array<{ headers: Record<string, string> }> };
      // A plan masks the token; the raw client sends it.
      const sent = { ...plan.requests[0].headers, Authorization: `Bearer ${token}` };
      expect(Object.entries(wireHeaders(token, json)), name).toEqual(Object.entries(sent));
    }
  });

  it("the lookup search is the one archive_user's binding sends", async () => {
    const runner: { run(name: string, params: Record<string, unknown>): Promise<unknown> } = createRunner({ token: 'bench-token-0123456789', dryRun: true });
    const plan = (await runner.run('archive_user', { email: 'jane.doe@example.com' })) as { requests: Array<{ url: string; body: unknown }> };
    expect(plan.requests[0].url).toMatch(/\/contacts\/search$/);
    expect(JSON.stringify(plan.requests[0].body)).toBe(JSON.stringify(userSearch('jane.doe@example.com')));
  });
});

describe('bench/phases.ts phasesOf', () => {
  /** A call's events: each request's five, at these times. */
  const stamps = (...times: number[][]) => times.flatMap((request) => request.map((at, i) => [EVENTS[i], at] as const));

  it('splits a call into the time before, between and after its requests and each request’s write, wait and rest of the answer, adding up to the total', () => {
    // Call 0–100 ms; request 1 created 10, queued 11, written 12, headers 40, ended 45; request 2 created 60, 60.5, written 61, headers 80, ended 82.
    const phases = phasesOf(0, 100, stamps([10, 11, 12, 40, 45], [60, 60.5, 61, 80, 82]), 2);
    expect(phases).toEqual({
      'before the first request': 10,
      'request 1: queued and written': 2,
      'request 1: wait for headers': 28,
      'request 1: rest of the answer': 5,
      'between requests 1 and 2': 15,
      'request 2: queued and written': 1,
      'request 2: wait for headers': 19,
      'request 2: rest of the answer': 2,
      'after the last request': 18,
      total: 100,
    });
    const { total, ...parts } = phases;
    expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBe(total);
    expect(phasesOf(5, 20, stamps([6, 6.5, 7, 15, 16]), 1)).toEqual({
      'before the first request': 1,
      'request: queued and written': 1,
      'request: wait for headers': 8,
      'request: rest of the answer': 1,
      'after the last request': 4,
      total: 15,
    });
  });

  it('refuses a call whose events are not its requests’ in order (one missed, a request more, two swapped)', () => {
    const one = stamps([1, 2, 3, 4, 5]);
    expect(() => phasesOf(0, 10, one.slice(0, 4), 1)).toThrow('expected the events of 1 request(s), in order');
    expect(() => phasesOf(0, 10, stamps([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), 1)).toThrow('expected the events of 1 request(s)');
    expect(() => phasesOf(0, 10, [one[0], one[2], one[1], one[3], one[4]], 1)).toThrow('saw undici:request:create, undici:request:bodySent');
  });
});
