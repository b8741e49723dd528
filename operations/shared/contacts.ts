/**
 * Finding the one contact a v1 identifier names. 2.x writes need an Intercom id; v1 callers pass
 * an email or their own user_id, so writes are preceded by a SearchContacts that must match
 * exactly one contact (none → NOT_FOUND, several → AMBIGUOUS; nothing is written either way).
 */
import { AmbiguousError, NotFoundError } from '../../runtime/errors.js';
import type { CanonicalContext, TargetBody, TargetRow, WithId } from '../types.js';

export type ContactRole = 'user' | 'lead';

/** The 2.x contact field a v1 identifier is searched by. */
export type ContactKey = 'email' | 'external_id' | 'id';

/** A search body (SearchContacts; searchConversations takes the same). */
export type SearchBody = TargetBody<'SearchContacts'>;
/** The branch of a search query that filters one field (the other combines filters). */
type SingleFilter<Q> = Q extends unknown ? ('field' extends keyof Q ? Q : never) : never;
type FilterOf = NonNullable<SingleFilter<SearchBody['query']>>;

/** One filter of a search query, every part given (the description leaves them optional). */
export interface SearchFilter {
  field: string;
  operator: NonNullable<FilterOf['operator']>;
  value: NonNullable<FilterOf['value']>;
}

/**
 * A search body that sorts. `sort: {field, order}` is not declared in any description's
 * search_request (which does not forbid other members); the API takes it as the contact and
 * company searches document it (reported upstream: intercom/Intercom-OpenAPI#114).
 */
export type SortedSearchBody = SearchBody & { sort?: { field: string; order: 'ascending' | 'descending' } };

/** The search query of every filter at once (`AND`); a single filter is sent as is. */
export function searchQuery(filters: SearchFilter[]): SearchBody['query'] {
  return filters.length === 1 ? filters[0] : { operator: 'AND', value: filters };
}

/** The search body of `filters` (AND; a single filter is sent as is), optionally one page size: contacts and conversations take the same. */
export function contactSearch(filters: SearchFilter[], perPage?: number): SearchBody {
  return { query: searchQuery(filters), ...(perPage ? { pagination: { per_page: perPage } } : {}) };
}

/** A contact row of a search, with its id. */
export type FoundContact = WithId<TargetRow<'SearchContacts'>>;

/**
 * Looks up exactly one contact. `role` narrows the search (v1 users and leads are both contacts
 * now); `hint` is added to the NOT_FOUND message (e.g. for lead user_ids, pass the Intercom id);
 * `then` names the steps that may follow the lookup (a dry run stops at it and names them).
 */
export async function findOneContact(
  ctx: CanonicalContext,
  role: ContactRole | undefined,
  key: ContactKey,
  value: string,
  hint?: string,
  then?: readonly string[],
): Promise<FoundContact> {
  const filters: SearchFilter[] = [];
  if (role) filters.push({ field: 'role', operator: '=', value: role });
  filters.push({ field: key, operator: '=', value });
  // Two rows are enough to tell "exactly one" from "several".
  const page = await ctx.call('SearchContacts', { body: contactSearch(filters, 2) }, { then });
  const rows = (page?.data ?? []) as FoundContact[];
  const total = typeof page?.total_count === 'number' ? page.total_count : rows.length;
  if (rows.length === 1 && total <= 1) return rows[0];
  // What the errors say, made only for them.
  const lookup = { ...(role ? { role } : {}), [key]: value };
  const who = `${role ?? 'contact'} with ${key} ${JSON.stringify(value)}`;
  if (rows.length === 0) {
    throw new NotFoundError(`${ctx.operation}: no ${who}${hint ? `; ${hint}` : ''}`, { operation: ctx.operation, lookup });
  }
  throw new AmbiguousError(`${ctx.operation}: ${total} contacts match ${who}; nothing was written`, {
    operation: ctx.operation,
    lookup,
  });
}
