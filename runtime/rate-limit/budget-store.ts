/**
 * Where a workspace's budget lives: in this process (`"memory"`) or in Redis, shared by every
 * process that uses it (`{ redis }`). One interface for both, so the transport does not care.
 *
 * With Redis, each attempt costs two round trips at most: one script call to take a slot (the
 * answer says when to send: no polling, waiting callers are served in the order they asked) and
 * one to learn from the answer's headers, not awaited. The local budget learns from every answer
 * too and mirrors the shared state, so when Redis fails, calls go on with it at once.
 */
import { createHash } from 'node:crypto';
import { BUDGET_SCRIPT, BUDGET_SCRIPT_SHA, budgetArgs, parseBudgetReply, type BudgetOp } from './window-budget-lua.js';
import { MemoryBudgets, processBudgets } from './memory-budgets.js';
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
  /** Learns from one answer; returns the (local) state after it. */
  learn(workspace: string, seen: Observation, reporter: OutageReporter): BudgetState;
  /** For a caller told to ask again: resolves after `ms` or when the workspace's budget learns more. */
  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void>;
  readonly shared: boolean;
}

export class MemoryBudgetStore implements BudgetStore {
  readonly shared = false;
  constructor(readonly budgets: MemoryBudgets = processBudgets) {}

  acquire(workspace: string, maxWaitMs: number): BudgetGrant {
    return { ...this.budgets.acquire(workspace, maxWaitMs), shared: false };
  }

  release(workspace: string, grant: BudgetGrant): void {
    if (grant.granted) this.budgets.release(workspace, grant.slotEnd);
  }

  learn(workspace: string, seen: Observation): BudgetState {
    return this.budgets.learn(workspace, seen);
  }

  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return this.budgets.news(workspace, ms, signal);
  }
}

/** How long a workspace's hash outlives its last use in Redis. */
const STATE_TTL_MS = 10 * 60_000;

/** `{` `}` make every key of one workspace hash to the same Redis Cluster slot. */
export function budgetKey(prefix: string, workspace: string): string {
  return `${prefix}{${workspace}}:budget`;
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
  /** This process's view: mirrors the shared state, and is the budget while Redis is away. */
  readonly local: MemoryBudgets;

  constructor(
    readonly link: RedisLink,
    readonly prefix: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.local = new MemoryBudgets(clock);
  }

  private async script(workspace: string, op: BudgetOp, reporter: OutageReporter) {
    const now = this.clock();
    const args = budgetArgs(op, now, STATE_TTL_MS, this.local.view(workspace));
    // A reply that is not the script's (a wrong type at the key, …) counts as a failure of Redis.
    const result = await this.link.run(reporter, async (client) =>
      parseBudgetReply(await evalScript(client, BUDGET_SCRIPT, BUDGET_SCRIPT_SHA, [budgetKey(this.prefix, workspace)], args)),
    );
    if (!result.ok) return null;
    this.local.adopt(workspace, result.value.state);
    return result.value;
  }

  async acquire(workspace: string, maxWaitMs: number, reporter: OutageReporter): Promise<BudgetGrant> {
    const reply = await this.script(workspace, ['acquire', maxWaitMs], reporter);
    if (!reply) return { ...this.local.acquire(workspace, maxWaitMs), shared: false };
    return reply.granted
      ? { granted: true, waitMs: reply.waitMs, slotEnd: reply.slotEnd, shared: true }
      : { granted: false, waitMs: reply.waitMs, recheck: reply.recheck, shared: true };
  }

  release(workspace: string, grant: BudgetGrant, reporter: OutageReporter): void {
    if (!grant.granted) return;
    if (!grant.shared) return this.local.release(workspace, grant.slotEnd);
    void this.script(workspace, ['release', grant.slotEnd], reporter);
  }

  learn(workspace: string, seen: Observation, reporter: OutageReporter): BudgetState {
    const state = this.local.learn(workspace, seen);
    void this.script(workspace, ['learn', seen.status, seen.limit, seen.remaining, seen.reset], reporter);
    return state;
  }

  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return this.local.news(workspace, ms, signal);
  }
}
