/**
 * The scroll lock around the requests of a scroll-paginated operation (execution.ts calls it,
 * through on-demand.ts, for entries whose pagination style is "scroll"). A request without
 * `scroll_param` opens a scroll: it takes the workspace's lock first (waiting in line within
 * `maxRateWaitMs`, or refused with `scrollLock: "fail"`). A request with `scroll_param` continues
 * one: it renews the lock of the call that opened it (looked up by that scroll_param), or takes a
 * free one. A page without rows ends the scroll and gives the lock up; a scroll left unfinished
 * keeps it until it expires, as Intercom keeps the scroll open until then.
 */
import { ApiError, IntercomOpsError, RateLimitedError, ScrollExpiredError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { redactText } from '../redact.js';
import { ownValueAt } from '../dot-path.js';
import { rowsOf } from '../pagination.js';
import type { ApiOperationEntry } from '../registry-types.js';
import type { WireRequest } from '../request.js';
import { emit, log, type Observers } from './events.js';
import { newHolder, SCROLL_LOCK_TTL_MS, type ScrollLocks } from './scroll-locks.js';
import { outageReporter } from './send-watch.js';
import { workspaceKey } from './workspace-key.js';

/** Where a scroll's pointer is found in a page and which query parameter continues it: the entry's pagination descriptor. */
function scrollPointer(entry: ApiOperationEntry): { from: string; param: string } {
  const next = entry.pagination!.next;
  return { from: next.from, param: next.to ?? next.from };
}

/** Which lock holder continues which scroll_param, per lock store (an open scroll lives about a minute). */
const holdersByLocks = new WeakMap<ScrollLocks, Map<string, { holder: string; until: number }>>();

function holders(locks: ScrollLocks): Map<string, { holder: string; until: number }> {
  let map = holdersByLocks.get(locks);
  if (!map) holdersByLocks.set(locks, (map = new Map()));
  return map;
}

function remember(locks: ScrollLocks, id: string, holder: string): void {
  const map = holders(locks);
  const now = Date.now();
  for (const [key, entry] of map) if (entry.until < now) map.delete(key);
  map.set(id, { holder, until: now + SCROLL_LOCK_TTL_MS });
}

export interface ScrollTicket {
  /** The page arrived: its scroll_param continues the scroll; a page without rows ends it (the lock is given up). */
  answered(page: unknown): Promise<void>;
  /** The request failed: a scroll that an error answer refused to open gives the lock up. */
  failed(error: unknown): Promise<void>;
}

/**
 * Before a request of a scroll operation: the lock of its endpoint (one per workspace and scroll
 * path) in `locks`, the traffic's scroll locks. RATE_LIMITED (nothing sent) when it cannot be had.
 */
export async function enterScroll(options: ResolvedOptions, operation: string, entry: ApiOperationEntry, request: WireRequest, locks: ScrollLocks): Promise<ScrollTicket> {
  const traffic = options.traffic;
  const resource = entry.path;
  const observers: Observers = { logger: traffic.logger, onEvent: traffic.onEvent, token: options.token };
  const reporter = outageReporter(options, operation, observers);
  const workspace = workspaceKey(options.token ?? '', options.baseUrl, traffic.workspace);
  const key = `{${workspace}}:scroll:${resource}`;
  const pointer = scrollPointer(entry);
  const continued = new URL(request.url).searchParams.get(pointer.param);
  let holder: string;
  const opening = !continued;
  if (continued) {
    holder = holders(locks).get(`${key}\n${continued}`)?.holder ?? newHolder();
    await locks.renew(key, holder, reporter);
  } else {
    holder = newHolder();
    const started = Date.now();
    const answer = await locks.open(key, { holder, maxWaitMs: traffic.maxRateWaitMs, wait: traffic.scrollWait, signal: options.signal, reporter });
    if (!answer.acquired) {
      const seconds = Math.max(1, Math.ceil(answer.retryAfterMs / 1000));
      const waited = traffic.scrollWait ? ` (waited ${Date.now() - started} ms, maxRateWaitMs)` : '';
      throw new RateLimitedError(
        `${operation}: another call holds this workspace's scroll of ${resource}${waited}; Intercom allows one open scroll per workspace. It ends, or its lock expires, within ${seconds} s; nothing was sent`,
        { operation, retryAfterSeconds: seconds },
      );
    }
    const waitedMs = Date.now() - started;
    if (waitedMs > 5) {
      emit(observers, { type: 'scroll-wait', operation, method: request.method, url: redactText(request.url, options.token), attempt: 1, workspace, waitedMs });
      log(observers, 'info', `${operation}: waited ${waitedMs} ms for this workspace's scroll of ${resource}`);
    }
  }
  return {
    async answered(page) {
      const next = ownValueAt(page, pointer.from);
      if (rowsOf(page, entry.pagination).length === 0 || typeof next !== 'string' || next === '') {
        return locks.release(key, holder, reporter);
      }
      remember(locks, `${key}\n${next}`, holder);
    },
    async failed(error) {
      // An error answer means the scroll was not opened; anything else (a timeout) may have opened it.
      // A scroll Intercom says is gone (expired, lost) holds nothing any more.
      const answeredError = error instanceof ApiError || (error instanceof IntercomOpsError && error.code === 'RATE_LIMITED' && error.status !== undefined);
      if ((opening && answeredError) || error instanceof ScrollExpiredError) await locks.release(key, holder, reporter);
    },
  };
}
