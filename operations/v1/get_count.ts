/**
 * get_count: v1 `GET /counts?type=&count=` has no 2.x operation. The answer is built in the v1
 * shapes (archived 1.x reference, "Counts") from 2.x totals:
 *
 * | type / count           | v1 answer                                                           | 2.x calls |
 * |------------------------|---------------------------------------------------------------------|-----------|
 * | (none)                 | `{type:"count", company:{count}, user:{count}, lead:{count}, tag:{count}, segment:{count}}` | listAllCompanies, SearchContacts ×2 (total_count, one row per page); listTags, listSegments (lengths) |
 * | conversation           | `{type:"count", conversation:{open, closed, assigned, unassigned}}` | searchConversations ×3 |
 * | conversation / admin   | `{type:"count", conversation:{admin:[{id, name, open, closed}]}}`   | listAdmins → searchConversations ×2 per admin |
 * | user / segment         | `{type:"count", user:{segment:[{<name>: n}]}}`                      | listSegments(include_count) |
 * | user / tag             | `{type:"count", user:{tag:[{<name>: n}]}}`                          | listTags → SearchContacts(tag_id) per tag |
 * | company / user         | `{type:"count", company:{user:[{<name>: n, remote_company_id}]}}`   | listAllCompanies (all pages: user_count) |
 * | company / segment, tag | `{type:"count", company:{segment\|tag:[{<name>: n}]}}`              | listSegments / listTags → retrieveCompany per segment / tag (total_count) |
 *
 * Every answer has type "count", one v1 shape for every count (v1 itself labelled the app
 * totals "count.hash"; callers read the counts, which are the same). Conversation counts as v1
 * defined them: open includes snoozed; assigned and unassigned
 * split the open ones (unassigned = open − assigned). Any other combination → UNSUPPORTED.
 */
import { contactSearch, type SearchFilter } from '../shared/contacts.js';
import { given, oneKey, unsupported } from '../shared/rules.js';
import type { CanonicalContext, V1Operation } from '../types.js';

type Page = { total_count?: number; data?: unknown[] } | undefined;

/** total_count of a page (0 where a dry run answered nothing). */
function total(page: Page): number {
  if (typeof page?.total_count === 'number') return page.total_count;
  return Array.isArray(page?.data) ? page!.data!.length : 0;
}

/** One row per page is enough to read total_count. */
const ONE_ROW = 1;

async function countContacts(ctx: CanonicalContext, filters: SearchFilter[]): Promise<number> {
  return total(await ctx.call('SearchContacts', { body: contactSearch(filters, ONE_ROW) }, { independent: true }));
}

async function countConversations(ctx: CanonicalContext, filters: SearchFilter[]): Promise<number> {
  return total(await ctx.call('searchConversations', { body: contactSearch(filters, ONE_ROW) }, { independent: true }));
}

const OPEN: SearchFilter = { field: 'open', operator: '=', value: true };
const CLOSED: SearchFilter = { field: 'state', operator: '=', value: 'closed' };
/** Assigned to an admin: 2.x leaves admin_assignee_id null (searched as absent) when nobody is. */
const ASSIGNED: SearchFilter = { field: 'admin_assignee_id', operator: '>', value: 0 };

/** search field admin_assignee_id is declared Integer: admin ids are numeric strings in 2.x answers. */
function adminIdValue(id: unknown): number | string {
  const text = String(id);
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

async function appTotals(ctx: CanonicalContext) {
  const companies = total(await ctx.call('listAllCompanies', { query: { per_page: ONE_ROW } }, { independent: true }));
  const users = await countContacts(ctx, [{ field: 'role', operator: '=', value: 'user' }]);
  const leads = await countContacts(ctx, [{ field: 'role', operator: '=', value: 'lead' }]);
  const tags = await ctx.call('listTags', {}, { independent: true });
  const segments = await ctx.call('listSegments', {}, { independent: true });
  return {
    type: 'count',
    company: { count: companies },
    user: { count: users },
    lead: { count: leads },
    tag: { count: tags?.data?.length ?? 0 },
    segment: { count: segments?.segments?.length ?? 0 },
  };
}

async function conversationTotals(ctx: CanonicalContext) {
  const open = await countConversations(ctx, [OPEN]);
  const closed = await countConversations(ctx, [CLOSED]);
  const assigned = await countConversations(ctx, [OPEN, ASSIGNED]);
  return { type: 'count', conversation: { open, closed, assigned, unassigned: Math.max(0, open - assigned) } };
}

async function conversationsPerAdmin(ctx: CanonicalContext) {
  // Two searches per admin listed.
  const answer = await ctx.call('listAdmins', {}, { then: ['searchConversations'] });
  const admins = [];
  for (const admin of answer?.admins ?? []) {
    // The admin schema is nullable: a null entry has no conversations to count.
    if (!admin) continue;
    const mine: SearchFilter = { field: 'admin_assignee_id', operator: '=', value: adminIdValue(admin.id) };
    const open = await countConversations(ctx, [OPEN, mine]);
    const closed = await countConversations(ctx, [CLOSED, mine]);
    admins.push({ id: String(admin.id), name: admin.name ?? null, open, closed });
  }
  return { type: 'count', conversation: { admin: admins } };
}

async function userSegments(ctx: CanonicalContext) {
  const answer = await ctx.call('listSegments', { query: { include_count: true } });
  const segment = (answer?.segments ?? []).map((s) => ({ [s.name ?? '']: s.count ?? 0 }));
  return { type: 'count', user: { segment } };
}

async function userTags(ctx: CanonicalContext) {
  // One count per tag listed.
  const answer = await ctx.call('listTags', {}, { then: ['SearchContacts'] });
  const tag = [];
  for (const t of answer?.data ?? []) {
    tag.push({ [t.name ?? '']: await countContacts(ctx, [{ field: 'tag_id', operator: '=', value: String(t.id) }]) });
  }
  return { type: 'count', user: { tag } };
}

async function companyUsers(ctx: CanonicalContext) {
  const user = [];
  const pages = ctx.list('listAllCompanies', { query: { per_page: 50 } });
  for await (const page of pages) {
    for (const company of pages.rowsOf(page)) {
      user.push({ [company.name ?? '']: company.user_count ?? 0, remote_company_id: company.company_id ?? null });
    }
  }
  return { type: 'count', company: { user } };
}

async function companiesPer(ctx: CanonicalContext, count: 'segment' | 'tag') {
  // One company search per segment / tag listed.
  const then = ['retrieveCompany'];
  const groups =
    count === 'segment'
      ? (await ctx.call('listSegments', {}, { then }))?.segments
      : (await ctx.call('listTags', {}, { then }))?.data;
  const rows = [];
  for (const group of groups ?? []) {
    const filter = count === 'segment' ? 'segment_id' : 'tag_id';
    const page = await ctx.call('retrieveCompany', { query: { ...oneKey(filter, String(group.id)), per_page: ONE_ROW } }, { independent: true });
    rows.push({ [group.name ?? '']: total(page) });
  }
  return { type: 'count', company: { [count]: rows } };
}

const COUNT = { type: 'integer', minimum: 0 };
const ONE_COUNT = { type: 'object', properties: { count: COUNT }, required: ['count'] };
/** `[{ "<segment or tag name>": n }]` */
const NAMED_COUNTS = { type: 'array', items: { type: 'object', additionalProperties: COUNT } };

/** The v1 count shapes above, one branch each (every answer has type "count"). */
const COUNT_ANSWER = {
  anyOf: [
    {
      description: 'No parameters: the app totals.',
      type: 'object',
      properties: { type: { type: 'string', enum: ['count'] }, company: ONE_COUNT, user: ONE_COUNT, lead: ONE_COUNT, tag: ONE_COUNT, segment: ONE_COUNT },
      required: ['type', 'company', 'user', 'lead', 'tag', 'segment'],
    },
    {
      description: 'type conversation: open, closed, assigned and unassigned conversations.',
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['count'] },
        conversation: {
          type: 'object',
          properties: { open: COUNT, closed: COUNT, assigned: COUNT, unassigned: COUNT },
          required: ['open', 'closed', 'assigned', 'unassigned'],
        },
      },
      required: ['type', 'conversation'],
    },
    {
      description: 'type conversation, count admin: open and closed conversations per admin.',
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['count'] },
        conversation: {
          type: 'object',
          properties: {
            admin: {
              type: 'array',
              items: {
                type: 'object',
                properties: { id: { type: 'string' }, name: { type: ['string', 'null'] }, open: COUNT, closed: COUNT },
                required: ['id', 'name', 'open', 'closed'],
              },
            },
          },
          required: ['admin'],
        },
      },
      required: ['type', 'conversation'],
    },
    {
      description: 'type user, count segment or tag: users per segment or tag, by name.',
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['count'] },
        user: { type: 'object', properties: { segment: NAMED_COUNTS, tag: NAMED_COUNTS } },
      },
      required: ['type', 'user'],
    },
    {
      description: 'type company, count user, segment or tag: users per company (with its remote_company_id), or companies per segment or tag.',
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['count'] },
        company: {
          type: 'object',
          properties: {
            user: {
              type: 'array',
              items: { type: 'object', properties: { remote_company_id: { type: ['string', 'null'] } }, additionalProperties: COUNT },
            },
            segment: NAMED_COUNTS,
            tag: NAMED_COUNTS,
          },
        },
      },
      required: ['type', 'company'],
    },
  ],
};

export default {
  name: 'get_count',
  summary:
    'Counts in the v1 shapes: app totals (no parameters), conversations (type conversation [, count admin]), users per segment or tag (type user), companies per user count, segment or tag (type company).',
  params: [
    {
      name: 'count',
      type: 'string',
      required: false,
      description: 'What to count within type: "admin" (conversation), "segment" or "tag" (user, company), "user" (company).',
      correction: {
        seedType: 'number',
        reason: 'v1 /counts takes count=admin|segment|tag|user: a word, not a number',
      },
    },
    {
      name: 'type',
      type: 'string',
      required: false,
      description: 'What to count: "conversation", "user" or "company"; leave out for the app totals.',
    },
  ],
  targets: [
    'listAllCompanies',
    'SearchContacts',
    'listTags',
    'listSegments',
    'searchConversations',
    'listAdmins',
    'retrieveCompany',
  ],
  readOnly: true,
  mapped: {
    type:
      '(none) → app totals (listAllCompanies, SearchContacts per role, listTags, listSegments); conversation → searchConversations totals; user, company → per segment / tag / company',
    count:
      'admin → listAdmins + searchConversations per admin; segment → listSegments(include_count) or retrieveCompany(segment_id); tag → SearchContacts(tag_id) or retrieveCompany(tag_id); user → user_count of each company',
  },
  example: { type: 'user', count: 'segment' },
  answer: COUNT_ANSWER,
  binding: async (params, ctx) => {
    const type = given(params.type);
    const count = given(params.count);
    const combination = `type=${type ?? '(none)'}, count=${count ?? '(none)'}`;
    const supported =
      'supported: no parameters; type=conversation [count=admin]; type=user count=segment|tag; type=company count=user|segment|tag';
    if (type === undefined) {
      if (count !== undefined) throw unsupported(ctx, 'count', `needs a type (${combination} is not a count; ${supported})`);
      return appTotals(ctx);
    }
    if (type === 'conversation' && count === undefined) return conversationTotals(ctx);
    if (type === 'conversation' && count === 'admin') return conversationsPerAdmin(ctx);
    if (type === 'user' && count === 'segment') return userSegments(ctx);
    if (type === 'user' && count === 'tag') return userTags(ctx);
    if (type === 'company' && count === 'user') return companyUsers(ctx);
    if (type === 'company' && (count === 'segment' || count === 'tag')) return companiesPer(ctx, count);
    throw unsupported(
      ctx,
      count === undefined ? 'type' : 'count',
      `combination not supported (${combination}); ${supported}`,
    );
  },
} satisfies V1Operation;
