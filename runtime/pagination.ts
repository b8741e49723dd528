/**
 * Where the next page is, for each `Pagination.style` the generator detects. Pure functions over
 * the current params and the page just received; the execution does the fetching.
 */
import { ownValueAt as valueAt } from './dot-path.js';
import type { Params } from './params.js';
import type { Pagination } from './registry-types.js';

export type NextPage =
  /** Same operation, new params (cursor, page number, scroll param). */
  | { kind: 'params'; params: Params; cursor: string }
  /** A URL the API handed back: only its path and query are used (see below). */
  | { kind: 'route'; path: string; query: string; cursor: string };


/**
 * The rows of one page. Paginated operations name their rows property; for the few list answers
 * that do not page (listAdmins → `admins`), `data` or else the answer's only array property.
 */
export function rowsOf(page: unknown, pagination: Pagination | null): unknown[] {
  if (pagination) {
    const rows = valueAt(page, pagination.rowsPath);
    return Array.isArray(rows) ? rows : [];
  }
  if (Array.isArray(page)) return page;
  if (!page || typeof page !== 'object') return [];
  const record = page as Record<string, unknown>;
  if (Array.isArray(record.data)) return record.data;
  const arrays = Object.values(record).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : [];
}

function nextCursor(page: unknown): string | undefined {
  const cursor = valueAt(page, 'pages.next.starting_after');
  return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}

/**
 * The request for the page after `page`, or null at the end. `seenCursors` (every cursor already
 * followed in this paging) stops a server that answers a cursor again, the same one or
 * a cycle (A, B, A, …), from looping forever: paging ends there, as at the last page.
 */
export function nextPage(pagination: Pagination, params: Params, page: unknown, seenCursors: ReadonlySet<string> = new Set()): NextPage | null {
  const rows = rowsOf(page, pagination);
  let next: NextPage | null = null;
  switch (pagination.style) {
    case 'cursor-query': {
      const cursor = nextCursor(page);
      if (cursor) next = { kind: 'params', params: { ...params, starting_after: cursor }, cursor };
      break;
    }
    case 'cursor-body': {
      const cursor = nextCursor(page);
      if (cursor) {
        const body = (params.$body && typeof params.$body === 'object' ? params.$body : {}) as Params;
        const paging = (body.pagination && typeof body.pagination === 'object' ? body.pagination : {}) as Params;
        // Keep the page size the API used: from 2.11 a `pagination` object must carry per_page.
        const perPage = paging.per_page ?? valueAt(page, 'pages.per_page');
        const nextPaging = { ...paging, ...(typeof perPage === 'number' ? { per_page: perPage } : {}), starting_after: cursor };
        next = { kind: 'params', params: { ...params, $body: { ...body, pagination: nextPaging } }, cursor };
      }
      break;
    }
    case 'page': {
      const current = Number(valueAt(page, 'pages.page'));
      const total = Number(valueAt(page, 'pages.total_pages'));
      if (rows.length > 0 && Number.isInteger(current) && Number.isInteger(total) && current < total) {
        next = { kind: 'params', params: { ...params, page: current + 1 }, cursor: String(current + 1) };
      }
      break;
    }
    case 'scroll': {
      // The scroll API answers an empty page at the end (with a scroll_param still set).
      const scroll = valueAt(page, 'scroll_param');
      if (rows.length > 0 && typeof scroll === 'string' && scroll !== '') {
        // The same scroll_param is legitimately reused for every page: no repeat check here.
        return { kind: 'params', params: { ...params, scroll_param: scroll }, cursor: scroll };
      }
      break;
    }
    case 'next-cursor': {
      // The entry names where the cursor goes and comes from. `has_more: false` ends paging even
      // when a cursor is still present; without the flag, a missing cursor does.
      const cursor = valueAt(page, pagination.nextCursorPath);
      const more = pagination.hasMorePath === null || valueAt(page, pagination.hasMorePath) !== false;
      if (more && typeof cursor === 'string' && cursor !== '') {
        next = { kind: 'params', params: { ...params, [pagination.cursorParam]: cursor }, cursor };
      }
      break;
    }
    case 'next-url': {
      const url = valueAt(page, 'pages.next');
      if (typeof url === 'string' && url !== '' && rows.length > 0) {
        // Only path and query are taken: the request goes to the caller's base URL, so an
        // absolute URL in an answer can never send the token to another host.
        const parsed = new URL(url, 'https://api.intercom.io');
        next = { kind: 'route', path: parsed.pathname, query: parsed.search.replace(/^\?/, ''), cursor: url };
      }
      break;
    }
  }
  if (next && seenCursors.has(next.cursor)) return null;
  return next;
}
