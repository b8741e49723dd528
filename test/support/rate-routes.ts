/**
 * Test-server routes that behave like Intercom where the rate budget and the scroll lock matter:
 * a window limit (429 with the three X-RateLimit-* headers) and the company scroll (one open
 * scroll per workspace; opening a second while one is open answers `scroll_exists`).
 */
import { FixedWindowLimiter, RATE_LIMITED_BODY } from '../../bench/rate-limit/fixed-window.js';
import { errorList, type Handler, type Reply } from './intercom-server.js';

export interface LimitedRoute {
  handler: Handler;
  /** Calls served (2xx) per window index. */
  served: Map<number, number>;
  /** 429s answered. */
  refused: number;
}

/** Every request counts against `limiter`; those within it get `reply`. */
export function limitedRoute(limiter: FixedWindowLimiter, reply: Reply = { body: { type: 'list', data: [] } }): LimitedRoute {
  const route: LimitedRoute = {
    served: new Map(),
    refused: 0,
    handler: () => {
      const answer = limiter.take();
      if (!answer.allowed) {
        route.refused++;
        return { status: 429, headers: answer.headers, body: RATE_LIMITED_BODY };
      }
      route.served.set(answer.window, (route.served.get(answer.window) ?? 0) + 1);
      return { ...reply, headers: { ...reply.headers, ...answer.headers } };
    },
  };
  return route;
}

export interface ScrollRoute {
  handler: Handler;
  /** `scroll_exists` answers (a second scroll opened while one was open). */
  conflicts: number;
  /** Scrolls opened, in order. */
  opened: string[];
}

/**
 * GET /companies/scroll: `pages` pages of `perPage` companies, then an empty page that closes the
 * scroll. One open scroll per token, like Intercom (an unfinished one stays open: tests end it by
 * reading to the end, or leave it to show what the lock does about it).
 */
export function scrollRoute(options: { pages: number; perPage: number; delayMs?: number }): ScrollRoute {
  const open = new Map<string, { id: string; page: number }>();
  let count = 0;
  const route: ScrollRoute = {
    conflicts: 0,
    opened: [],
    handler: ({ request }) => {
      const workspace = String(request.headers.authorization);
      const param = request.query.get('scroll_param');
      let scroll = open.get(workspace);
      if (!param) {
        if (scroll) {
          route.conflicts++;
          return errorList(400, 'scroll_exists', 'scroll already exists for this workspace');
        }
        scroll = { id: `scroll-${++count}`, page: 0 };
        open.set(workspace, scroll);
        route.opened.push(scroll.id);
      } else if (!scroll || scroll.id !== param) {
        return errorList(404, 'scroll_param_not_found', 'scroll parameter not found');
      }
      const page = scroll.page++;
      const done = page >= options.pages;
      if (done) open.delete(workspace);
      const data = done ? [] : Array.from({ length: options.perPage }, (_, i) => ({ type: 'company', id: `${scroll!.id}-${page}-${i}` }));
      return { delayMs: options.delayMs, body: { type: 'company.list', data, scroll_param: scroll.id } };
    },
  };
  return route;
}
