/**
 * Lookups and listings shared by the v1 user / lead operations (on top of the lead's
 * `contacts.ts`): "at most one" lookups for create-or-update, and the SearchContacts requests
 * behind list/scroll.
 */
import { NotFoundError } from '../../runtime/errors.js';
import type { CanonicalContext, TargetRequestFor, TargetResult } from '../types.js';
import type { JsonSchema } from '../../runtime/registry-types.js';
import {
  contactSearch,
  findOneContact,
  type ContactKey,
  type ContactRole,
  type FoundContact,
  type SearchFilter,
  type SortedSearchBody,
} from './contacts.js';
import { companySteps, requireBody, translateContactBody, writeCompanies } from './contact-body.js';
import { given, invalidParam } from './rules.js';

/** The hint every lead lookup by v1 user_id adds to its NOT_FOUND message. */
export const LEAD_USER_ID_HINT =
  "a lead's v1 user_id has no documented field in the current API (it is looked up as external_id): pass the lead's Intercom id instead";

/**
 * Looks up one contact; none → null (the caller creates), several → AMBIGUOUS (nothing written).
 * `then`: the steps that may follow (both the found and the not-found branch).
 */
export async function findContactIfAny(
  ctx: CanonicalContext,
  role: ContactRole,
  key: ContactKey,
  value: string,
  then?: readonly string[],
): Promise<FoundContact | null> {
  try {
    return await findOneContact(ctx, role, key, value, undefined, then);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** `role = <role>` plus the given filters. */
export function roleFilters(role: ContactRole, ...filters: SearchFilter[]): SearchFilter[] {
  return [{ field: 'role', operator: '=', value: role }, ...filters];
}

/** A SearchContacts request for `role = <role> AND …`. */
export function searchRequest(
  role: ContactRole,
  filters: SearchFilter[] = [],
  extra: Pick<SortedSearchBody, 'pagination' | 'sort'> = {},
): TargetRequestFor<'SearchContacts'> {
  const body: SortedSearchBody = { ...contactSearch(roleFilters(role, ...filters)), ...extra };
  return { body };
}

/**
 * Page size of the scroll emulation: Intercom's default search page. Sent on every page because
 * from 2.11 a search `pagination` object must carry per_page.
 */
export const SCROLL_PAGE_SIZE = 50;

/**
 * One step of a v1 scroll over contacts of a role: `scroll` is the opaque cursor of 2.x search
 * pagination (`starting_after`). Answers the page's rows under the v1 list key with
 * `scroll_param` = the next cursor, or null at the end (then the rows are the last ones).
 * Under `iterate()` (ctx.mode) it answers the search as a list instead, so every row of every
 * page (from `scroll` on, when given) is streamed rather than one v1 page.
 */
/** The v1 scroll answer `scrollContacts` builds under run() (operation modules' `answer`). */
export function scrollAnswer(listKey: 'users' | 'contacts', listType: string): JsonSchema {
  return {
    type: 'object',
    description: 'One page of the v1 scroll: pass scroll_param back as scroll for the next page (null at the end).',
    properties: {
      type: { type: 'string', enum: [listType] },
      [listKey]: { type: 'array', items: { $rowOf: 'SearchContacts' } },
      total_count: { type: 'integer' },
      scroll_param: { type: ['string', 'null'] },
    },
    required: ['type', listKey, 'scroll_param'],
  };
}

export async function scrollContacts(
  ctx: CanonicalContext,
  role: ContactRole,
  listKey: 'users' | 'contacts',
  listType: string,
  scroll: string | undefined,
): Promise<unknown> {
  const pagination = { per_page: SCROLL_PAGE_SIZE, ...(scroll ? { starting_after: scroll } : {}) };
  const request = searchRequest(role, [], { pagination });
  if (ctx.mode === 'iterate') return ctx.list('SearchContacts', request);
  const page = await ctx.call('SearchContacts', request);
  const next = page?.pages?.next?.starting_after;
  return {
    type: listType,
    [listKey]: page?.data ?? [],
    ...(typeof page?.total_count === 'number' ? { total_count: page.total_count } : {}),
    scroll_param: typeof next === 'string' && next !== '' ? next : null,
  };
}

/** ShowContact, then NOT_FOUND unless the contact has the v1 resource's role. */
export async function contactOfRole(ctx: CanonicalContext, role: ContactRole, id: string): Promise<TargetResult<'ShowContact'>> {
  const contact = await ctx.call('ShowContact', { path: [id] });
  if (contact?.role !== role) {
    throw new NotFoundError(
      `${ctx.operation}: contact ${JSON.stringify(id)} is ${contact?.role ? `a ${contact.role}` : 'not found'}, not a ${role}`,
      { operation: ctx.operation, lookup: { id, role } },
    );
  }
  return contact;
}

/**
 * create_user / create_update_user: `$body.id` → UpdateContact on that contact; otherwise
 * SearchContacts(role user, external_id = user_id, else email) → UpdateContact, or CreateContact
 * (role user) when none matches; then the company calls. Answers the contact.
 */
export async function upsertUser(params: Record<string, any>, ctx: CanonicalContext): Promise<unknown> {
  const v1 = requireBody(ctx, params);
  const id = given(v1.id);
  const userId = given(v1.user_id);
  const email = given(v1.email);
  if (!id && !userId && !email) throw invalidParam(ctx, '/$body/user_id', 'or email is required to create or update a user');
  const { body, companies } = translateContactBody(ctx, v1);
  let contact: TargetResult<'UpdateContact'> | TargetResult<'CreateContact'>;
  let contactId: string | undefined = id;
  // The company calls need the contact's id: they follow the lookup and the create.
  const afterContact = companySteps(companies);
  if (!contactId) {
    // Found → update, none → create: the answer decides, so both may follow.
    const then = ['UpdateContact', 'CreateContact', ...afterContact];
    const found = userId
      ? await findContactIfAny(ctx, 'user', 'external_id', userId, then)
      : await findContactIfAny(ctx, 'user', 'email', email!, then);
    contactId = found?.id;
  }
  if (contactId) {
    contact = await ctx.call('UpdateContact', { path: [contactId], body }, { independent: true });
  } else {
    contact = await ctx.call('CreateContact', { body: { role: 'user', ...body } }, { then: afterContact });
    contactId = contact?.id;
  }
  if (companies.length) await writeCompanies(ctx, contactId!, companies);
  return contact;
}
