/**
 * Where a workspace's budget lives: in this process (`"memory"`, MemoryBudgetStore in
 * memory-budgets.ts) or in Redis, shared by every process that uses it (`{ redis }`, here). One
 * interface for both, so the transport does not care; the memory store loads none of Redis.
 *
 * With Redis, each attempt costs two round trips at most: one script call to take a slot (the
 * answer says when to send: no polling, waiting callers are served in the order they asked) and
 * one to learn from the answer's headers, not awaited. The local view learns from every answer
 * too and mirrors the shared state, so when Redis fails, calls go on at once with a budget of
 * this process's own: the last shared state divided by the number of workers that were sharing
 * it (Redis counts them), steered by the headers divided the same way, so that the workers
 * together stay near the limit without knowing of each other.
 */
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { BUDGET_SCRIPT, BUDGET_SCRIPT_SHA, budgetArgs, parseBudgetReply, type BudgetOp } from './window-budget-lua.js';
import { MemoryBudgets } from './memory-budgets.js';
import { RedisLink, type OutageReporter, type RedisClientLike } from './redis-link.js';
import type { BudgetState, Grant, Observation } from './window-budget.js';

export type BudgetGrant = Grant & {
  /** True when the slot came from the shared budget (a release then goes to Redis too). */
  shared: boolean;
};

export interface BudgetStore {
  /** May answer at once (memory) or after one Redis round trip. */
  acquire(workspace: string, maxWaitMs: number, reporter: OutageReporter): BudgetGrant | Promise<BudgetGrant>;
  /** Gives back a slot whose caller gave up before using it. */
  release(workspace: string, grant: BudgetGrant, reporter: OutageReporter): void;
  /** Learns from one answer; returns the (local) state after it, to read. */
  learn(workspace: string, seen: Observation, reporter: OutageReporter): Readonly<BudgetState>;
  /** For a caller told to ask again: resolves after `ms` or when the workspace's budget learns more. */
  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void>;
  readonly shared: boolean;
}

/** How long a workspace's hash outlives its last use in Redis. */
const STATE_TTL_MS = 10 * 60_000;

/** `{` `}` make every key of one workspace hash to the same Redis Cluster slot. */
export function budgetKeys(prefix: string, workspace: string): string[] {
  return [`${prefix}{${workspace}}:budget`, `${prefix}{${workspace}}:workers`];
}

/** EVALSHA, loading the script with EVAL when Redis does not know it (first use, after a restart). */
export async function evalScript(client: RedisClientLike, script: string, sha: string, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!/NOSCRIPT/.test(String((error as Error)?.message))) throw error;
    return client.eval(script, keys.length, ...keys, ...args);
  }
}

export function scriptSha(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

export class RedisBudgetStore implements BudgetStore {
  readonly shared = true;
  /** This process's view of the shared state (also what seeds Redis after a restart). */
  readonly local: MemoryBudgets;
  /** This process's own budget while Redis is away: its share of the last shared state. */
  private readonly fallback: MemoryBudgets;
  /** The outage each workspace's fallback was made for (a new outage starts from the shared state again). */
  private readonly fallbackOutage = new Map<string, number>();
  /** Workers sharing each workspace's budget, as Redis last counted them. */
  private readonly workers = new Map<string, number>();
  /** Who this store is among the workers (never derived from the token). */
  private readonly worker = randomUUID();

  constructor(
    readonly link: RedisLink,
    readonly prefix: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.local = new MemoryBudgets(clock);
    this.fallback = new MemoryBudgets(clock);
  }

  private async script(workspace: string, op: BudgetOp, reporter: OutageReporter) {
    const now = this.clock();
    const args = budgetArgs(op, now, STATE_TTL_MS, this.local.view(workspace), this.worker);
    // A reply that is not the script's (a wrong type at the key, …) counts as a failure of Redis.
    const result = await this.link.run(reporter, async (client) =>
      parseBudgetReply(await evalScript(client, BUDGET_SCRIPT, BUDGET_SCRIPT_SHA, budgetKeys(this.prefix, workspace), args)),
    );
    if (!result.ok) return null;
    this.local.adopt(workspace, result.value.state);
    if (result.value.workers > 0) this.workers.set(workspace, result.value.workers);
    return result.value;
  }

  private share(workspace: string): number {
    return Math.max(1, this.workers.get(workspace) ?? 1);
  }

  /** The fallback budget of a workspace, started for this outage from its share of the shared state. */
  private fallbackFor(workspace: string): MemoryBudgets {
    if (this.fallbackOutage.get(workspace) !== this.link.outages) {
      const n = this.share(workspace);
      const state = this.local.view(workspace);
      this.fallback.adopt(workspace, { ...state, limit: Math.max(1, Math.floor(state.limit / n)), taken: Math.ceil(state.taken / n) });
      this.fallbackOutage.set(workspace, this.link.outages);
    }
    return this.fallback;
  }

  async acquire(workspace: string, maxWaitMs: number, reporter: OutageReporter): Promise<BudgetGrant> {
    const reply = await this.script(workspace, ['acquire', maxWaitMs], reporter);
    if (!reply) return { ...this.fallbackFor(workspace).acquire(workspace, maxWaitMs), shared: false };
    return reply.granted
      ? { granted: true, waitMs: reply.waitMs, slotEnd: reply.slotEnd, shared: true }
      : { granted: false, waitMs: reply.waitMs, recheck: reply.recheck, shared: true };
  }

  release(workspace: string, grant: BudgetGrant, reporter: OutageReporter): void {
    if (!grant.granted) return;
    if (!grant.shared) return this.fallback.release(workspace, grant.slotEnd);
    void this.script(workspace, ['release', grant.slotEnd], reporter);
  }

  learn(workspace: string, seen: Observation, reporter: OutageReporter): Readonly<BudgetState> {
    const state = this.local.learn(workspace, seen);
    if (this.link.inOutage) {
      // This process's share of what the server counts for everyone.
      const n = this.share(workspace);
      this.fallbackFor(workspace).learn(workspace, {
        ...seen,
        limit: seen.limit === null ? null : Math.max(1, Math.floor(seen.limit / n)),
        remaining: seen.remaining === null ? null : Math.floor(seen.remaining / n),
      });
    }
    void this.script(workspace, ['learn', seen.status, seen.limit, seen.remaining, seen.reset, seen.durationMs], reporter);
    return state;
  }

  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return this.local.news(workspace, ms, signal);
  }
}
