/**
 * Where the next page is: pure functions over an entry's pagination descriptor, the current
 * params and the page just received (the execution does the fetching). Every name and path comes
 * from the descriptor the generator wrote; none is known here.
 */
import { ownValueAt, withValueAt } from './dot-path.js';
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
    const rows = ownValueAt(page, pagination.rowsPath);
    return Array.isArray(rows) ? rows : [];
  }
  if (Array.isArray(page)) return page;
  if (!page || typeof page !== 'object') return [];
  const record = page as Record<string, unknown>;
  if (Array.isArray(record.data)) return record.data;
  const arrays = Object.values(record).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : [];
}

/** The next params: the pointer at `to`, plus what the descriptor carries over from the page. */
function nextParams(pagination: Pagination, params: Params, page: unknown, pointer: string | number): Params {
  let next = withValueAt(params, pagination.next.to!, pointer);
  for (const { from, to } of pagination.carry) {
    const value = ownValueAt(page, from);
    if (ownValueAt(next, to) === undefined && (typeof value === 'number' || typeof value === 'string')) next = withValueAt(next, to, value);
  }
  return next;
}

/**
 * The request for the page after `page`, or null at the end. `seenCursors` (every pointer already
 * followed in this paging) stops a server that answers a cursor again, the same one or a cycle
 * (A, B, A, …), from looping forever: paging ends there, as at the last page. Whether an empty
 * page ends paging is the caller's to decide (`stop.emptyPageEnds`).
 */
export function nextPage(pagination: Pagination, params: Params, page: unknown, seenCursors: ReadonlySet<string> = new Set()): NextPage | null {
  const { next: pointer, stop } = pagination;
  // `false` ends paging even when a pointer is still present; a missing flag does not.
  if (stop.hasMorePath !== null && ownValueAt(page, stop.hasMorePath) === false) return null;
  const found = ownValueAt(page, pointer.from);
  let next: NextPage | null = null;
  switch (pointer.kind) {
    case 'cursor':
      if (typeof found === 'string' && found !== '') next = { kind: 'params', params: nextParams(pagination, params, page, found), cursor: found };
      break;
    case 'page-number': {
      const current = Number(found);
      const total = stop.totalPagesPath === null ? Number.NaN : Number(ownValueAt(page, stop.totalPagesPath));
      if (Number.isInteger(current) && Number.isInteger(total) && current < total) {
        next = { kind: 'params', params: nextParams(pagination, params, page, current + 1), cursor: String(current + 1) };
      }
      break;
    }
    case 'url':
      if (typeof found === 'string' && found !== '') {
        // Only path and query are taken: the request goes to the caller's base URL, so an
        // absolute URL in an answer can never send the token to another host.
        const parsed = new URL(found, 'https://base.invalid');
        next = { kind: 'route', path: parsed.pathname, query: parsed.search.replace(/^\?/, ''), cursor: found };
      }
      break;
  }
  if (next && !pagination.repeatsPointer && seenCursors.has(next.cursor)) return null;
  return next;
}
