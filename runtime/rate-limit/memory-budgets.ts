/**
 * Rate budgets kept in this process: one per workspace, shared by every call that uses it. Also
 * the fallback of the Redis store, which mirrors the shared state here after every answer so
 * that a Redis outage starts from what the workers last knew together.
 */
import type { BudgetGrant, BudgetStore } from './budget-store.js';
import { acquire, certainty, initialState, learn, release, type BudgetState, type Grant, type Observation } from './window-budget.js';

/** Budgets unused this long are dropped when the map grows large (idle workspaces). */
const IDLE_MS = 10 * 60_000;
/** Size above which idle budgets are looked for. */
const PRUNE_ABOVE = 10_000;

export class MemoryBudgets {
  private readonly states = new Map<string, { state: BudgetState; usedAt: number }>();
  /** Callers told to ask again, woken when their workspace's budget knows more. */
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly clock: () => number = Date.now) {}

  private entry(workspace: string, now: number): BudgetState {
    let entry = this.states.get(workspace);
    if (!entry) {
      if (this.states.size >= PRUNE_ABOVE) this.prune(now);
      entry = { state: initialState(now), usedAt: now };
      this.states.set(workspace, entry);
    }
    entry.usedAt = now;
    return entry.state;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.states) {
      if (now - entry.usedAt > IDLE_MS && entry.state.windowEnd < now) this.states.delete(key);
    }
  }

  acquire(workspace: string, maxWaitMs: number): Grant {
    const now = this.clock();
    return acquire(this.entry(workspace, now), now, maxWaitMs);
  }

  release(workspace: string, slotEnd: number): void {
    const now = this.clock();
    release(this.entry(workspace, now), now, slotEnd);
  }

  /** Learns from one answer; returns the state after it (to read, not to change). */
  learn(workspace: string, seen: Observation): Readonly<BudgetState> {
    const now = this.clock();
    const state = this.entry(workspace, now);
    const before = certainty(state);
    learn(state, now, seen);
    if (certainty(state) !== before) this.wake(workspace);
    return state;
  }

  /** The current view of a workspace (a copy; the initial state when there is none yet). */
  view(workspace: string): BudgetState {
    return { ...this.entry(workspace, this.clock()) };
  }

  /** Replaces the view of a workspace with the shared state (Redis store). */
  adopt(workspace: string, state: BudgetState): void {
    const entry = this.states.get(workspace);
    const before = entry ? certainty(entry.state) : -1;
    if (entry) Object.assign(entry.state, state);
    else this.states.set(workspace, { state: { ...state }, usedAt: this.clock() });
    if (certainty(state) !== before) this.wake(workspace);
  }

  private wake(workspace: string): void {
    const listeners = this.listeners.get(workspace);
    if (!listeners) return;
    this.listeners.delete(workspace);
    for (const wake of listeners) wake();
  }

  /** Resolves after `ms`, or sooner when the workspace's budget learns its limits or window; rejects when `signal` aborts. */
  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let listeners = this.listeners.get(workspace);
      if (!listeners) this.listeners.set(workspace, (listeners = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.listeners.get(workspace)?.delete(done);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(timer);
        this.listeners.get(workspace)?.delete(done);
        reject(signal!.reason);
      };
      const timer = setTimeout(done, ms);
      listeners.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The process's budgets for `rateLimit: "memory"`. */
export const processBudgets = new MemoryBudgets();

/** The budget store of `rateLimit: "memory"` (budget-store.ts has the Redis one). */
export class MemoryBudgetStore implements BudgetStore {
  readonly shared = false;
  constructor(readonly budgets: MemoryBudgets = processBudgets) {}

  acquire(workspace: string, maxWaitMs: number): BudgetGrant {
    const grant = this.budgets.acquire(workspace, maxWaitMs) as BudgetGrant;
    grant.shared = false;
    return grant;
  }

  release(workspace: string, grant: BudgetGrant): void {
    if (grant.granted) this.budgets.release(workspace, grant.slotEnd);
  }

  learn(workspace: string, seen: Observation): Readonly<BudgetState> {
    return this.budgets.learn(workspace, seen);
  }

  news(workspace: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return this.budgets.news(workspace, ms, signal);
  }
}
