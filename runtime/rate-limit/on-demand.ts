/**
 * Where a call reaches the rate-limit machinery (http.ts before each request, execution.ts
 * around a scroll page). Each part loads on first use: a dry run sends nothing and loads none of
 * it, a call without budget or observers (`rateLimit: false`) no send watch, the memory budget
 * none of the Redis modules, and only a scroll the scroll guard. Once loaded, a part is kept and
 * handed out without a promise in the way.
 */
import type { ResolvedOptions } from '../options.js';
import type { ApiOperationEntry } from '../registry-types.js';
import type { WireRequest } from '../request.js';
import type { ScrollTicket } from './scroll-guard.js';
import type { SendWatch } from './send-watch.js';
import { OnFirstUse } from '../on-first-use.js';

/** Literal specifiers, so that bundlers still follow them. */
const sendWatchModule = new OnFirstUse(() => import('./send-watch.js'));
const scrollGuardModule = new OnFirstUse(() => import('./scroll-guard.js'));

interface SendContext {
  operation: string;
  options: ResolvedOptions;
}

/**
 * The watch of one request (send-watch.ts), or undefined when there is nothing to do (no budget,
 * nobody watching). A promise only until the watch's module and the budget store are loaded.
 */
export function watchSend(request: WireRequest, context: SendContext): SendWatch | undefined | Promise<SendWatch | undefined> {
  const traffic = context.options.traffic;
  if (!traffic || (!traffic.budget && !traffic.logger && !traffic.onEvent)) return undefined;
  const watches = sendWatchModule.value;
  const budget = traffic.budget === null ? null : traffic.budget.value;
  if (watches && budget !== undefined) return watches.createWatch(request, context, budget);
  return loadedWatch(request, context);
}

async function loadedWatch(request: WireRequest, context: SendContext): Promise<SendWatch> {
  const budget = context.options.traffic.budget;
  const [watches, store] = await Promise.all([sendWatchModule.get(), budget === null ? null : budget.get()]);
  return watches.createWatch(request, context, store);
}

/** The entry pages by scroll: its requests go through the scroll lock. */
export function isScroll(entry: ApiOperationEntry): boolean {
  return entry.pagination?.style === 'scroll';
}

/**
 * Before a request of a scroll operation: the lock of its endpoint (scroll-guard.ts; one per
 * workspace and scroll path). RATE_LIMITED (nothing sent) when it cannot be had.
 */
export async function enterScroll(options: ResolvedOptions, operation: string, entry: ApiOperationEntry, request: WireRequest): Promise<ScrollTicket> {
  const [guard, locks] = await Promise.all([scrollGuardModule.get(), options.traffic.scroll.get()]);
  return guard.enterScroll(options, operation, entry, request, locks);
}
