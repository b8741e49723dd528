/**
 * The Redis script is a transcription of window-budget.ts: both run the same random sequences of
 * acquire / learn / release on a controlled clock (seeded, so a failure can be replayed), and
 * every answer and the state after every step must be the same. Runs on a real redis-server.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalScript } from '../runtime/rate-limit/budget-store.js';
import { BUDGET_SCRIPT, BUDGET_SCRIPT_SHA, budgetArgs, parseBudgetReply, type BudgetOp } from '../runtime/rate-limit/window-budget-lua.js';
import { acquire, initialState, learn, release, type BudgetState } from '../runtime/rate-limit/window-budget.js';
import { startRedis, type RedisProcess } from './support/redis-server.js';

let redis: RedisProcess;
let client: Redis;
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});
afterAll(async () => {
  await client?.quit();
  await redis?.stop();
});

/** mulberry32: a small seeded generator, so that a failing sequence can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NEVER = 1e15;
const TTL = 60_000;

async function onRedis(key: string, op: BudgetOp, now: number, seed: BudgetState) {
  return parseBudgetReply(await evalScript(client, BUDGET_SCRIPT, BUDGET_SCRIPT_SHA, [key, `${key}:workers`], budgetArgs(op, now, TTL, seed, 'worker-1')));
}

function inJs(state: BudgetState, op: BudgetOp, now: number) {
  if (op[0] === 'acquire') {
    const grant = acquire(state, now, op[1]);
    return grant.granted
      ? { granted: true, waitMs: grant.waitMs, slotEnd: grant.slotEnd, recheck: false }
      : { granted: false, waitMs: grant.waitMs, slotEnd: now, recheck: grant.recheck };
  }
  if (op[0] === 'release') release(state, now, op[1]);
  else learn(state, now, { status: op[1], limit: op[2], remaining: op[3], reset: op[4], durationMs: op[5] });
  return { granted: true, waitMs: 0, slotEnd: now, recheck: false };
}

describe('the Lua script and the TypeScript budget agree', () => {
  it('on 40 random sequences of 150 steps (acquire, learn from random headers, give back, clock moving)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
      let now = 1_700_000_000_000 + Math.floor(next() * 1000);
      const state = initialState(now);
      const key = `lua-agreement:${seed}`;
      const slotEnds: number[] = [];
      for (let step = 0; step < 150; step++) {
        now += pick([0, 0, 1, 7, 40, 300, 999, 1000, 1500, 11_000]);
        const roll = next();
        let op: BudgetOp;
        if (roll < 0.5) op = ['acquire', pick([0, 100, 2000, NEVER])];
        else if (roll < 0.6 && slotEnds.length) op = ['release', pick(slotEnds)];
        else {
          const limit = pick([null, 3, 5, 20]);
          const second = Math.floor(now / 1000);
          op = ['learn', pick([200, 200, 429]), limit, pick([null, 0, 1, 4, 19]), pick([null, second - 1, second, second + 1, second + 2, second + 10]), pick([null, 3, 250, 5000])];
        }
        const seedState = { ...state };
        const js = inJs(state, op, now);
        const lua = await onRedis(key, op, now, seedState);
        const where = `seed ${seed}, step ${step}, ${JSON.stringify(op)} at ${now}`;
        expect({ granted: lua.granted, waitMs: lua.waitMs, slotEnd: lua.slotEnd, recheck: lua.recheck }, where).toEqual(js);
        expect(lua.state, where).toEqual(state);
        if (op[0] === 'acquire' && js.granted) slotEnds.push(js.slotEnd);
      }
    }
  });

  it('an absent hash starts from the caller\'s local view (after a Redis restart the workers\' knowledge is kept)', async () => {
    const now = 1_700_000_000_000;
    const local: BudgetState = { ...initialState(now), limit: 7, windowMs: 1000, windowEnd: now + 400, taken: 7, mode: 1, lastReset: now / 1000, windowMeasured: 1, windowEndKnown: 1, guardMs: 120 };
    const reply = await onRedis('lua-seed', ['acquire', NEVER], now + 10, local);
    expect(reply).toMatchObject({ granted: true, waitMs: 390, state: { ...local, taken: 8 } });
    expect(await client.pttl('lua-seed')).toBeGreaterThan(TTL - 5_000);
  });
});
