/**
 * The v1 user, lead and visitor operations, run through `run()` over real HTTP against the test
 * Intercom server: the exact requests sent (method, path, query, body, in order), lookups that
 * find none / several (nothing written), failures half-way (the error lists what was done),
 * invalid input of every kind (nothing sent), dry runs, warnings and the registry entries.
 *
 * The registry is built here from the 2.10 description and these 20 operations only (as the
 * generator does), so the tests do not depend on generated/ being up to date.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bindingFunction } from '../operations/data-binding.js';
import { targets } from '../operations/targets.js';
import type { V1Operation } from '../operations/types.js';
import { transformOperations } from '../generator/transform/operation.js';
import { transformV1Operations } from '../generator/transform/v1-operations.js';
import { loadSpec } from '../spec/load.js';
import { createRunner, type Runner } from '../entry/index.js';
import { loadRegistry } from '../runtime/registry-data.js';
import type { Warning } from '../runtime/options.js';
import type { RegistryData, V1OperationEntry } from '../runtime/registry-types.js';
import { errorList, startIntercomServer, type IntercomServer, type Reply } from './support/intercom-server.js';
import { OPENAPI_DIR } from './support/shared.js';

import archiveUser from '../operations/v1/archive_user.js';
import convertLead from '../operations/v1/convert_lead.js';
import convertVisitor from '../operations/v1/convert_visitor.js';
import createLead from '../operations/v1/create_lead.js';
import createUpdateUser from '../operations/v1/create_update_user.js';
import createUser from '../operations/v1/create_user.js';
import deleteLead from '../operations/v1/delete_lead.js';
import deleteLeadById from '../operations/v1/delete_lead_by_id.js';
import deleteVisitor from '../operations/v1/delete_visitor.js';
import deleteVisitorById from '../operations/v1/delete_visitor_by_id.js';
import findUser from '../operations/v1/find_user.js';
import getLead from '../operations/v1/get_lead.js';
import getUser from '../operations/v1/get_user.js';
import getVisitor from '../operations/v1/get_visitor.js';
import listLeads from '../operations/v1/list_leads.js';
import listUsers from '../operations/v1/list_users.js';
import scrollLeads from '../operations/v1/scroll_leads.js';
import scrollUsers from '../operations/v1/scroll_users.js';
import updateLead from '../operations/v1/update_lead.js';
import updateVisitor from '../operations/v1/update_visitor.js';
import { failure } from './support/failure.js';

const MINE: V1Operation[] = [
  archiveUser, convertLead, convertVisitor, createLead, createUpdateUser, createUser, deleteLead, deleteLeadById,
  deleteVisitor, deleteVisitorById, findUser, getLead, getUser, getVisitor, listLeads, listUsers, scrollLeads,
  scrollUsers, updateLead, updateVisitor,
];

const TOKEN = 'tok_users_leads_secret';
const NOW = 1_700_000_000;

let server: IntercomServer;
let runner: Runner;
let warnings: Warning[];

beforeAll(async () => {
  const spec = await loadSpec('2.10', { specDir: OPENAPI_DIR, fetch: false });
  const api = transformOperations(spec.model).entries;
  const v1 = transformV1Operations({ version: spec.version, operations: MINE, targets, api });
  const registry: RegistryData = { version: spec.version, operations: [...api, ...v1] };
  const bindings = Object.fromEntries(MINE.map((op) => [op.name, bindingFunction(op)]));
  runner = createRunner({ registry: loadRegistry(registry), bindings, now: () => NOW, maxRetries: 0 });
  server = await startIntercomServer();
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.reset({ routes: true });
  warnings = [];
});

function run(name: string, params: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<any> {
  return runner.run(name, params, { token: TOKEN, baseUrl: server.url, onWarning: (w) => warnings.push(w), ...options });
}

/** What reached the server: method, raw path, raw query, parsed JSON body. */
function sent() {
  return server.requests.map((r) => ({ method: r.method, path: r.path, query: r.rawQuery, body: r.json }));
}

// ---- helpers for the requests we expect -------------------------------------------------------

type Filter = { field: string; operator: string; value: unknown };
const role = (value: string): Filter => ({ field: 'role', operator: '=', value });
const eq = (field: string, value: unknown): Filter => ({ field, operator: '=', value });

/** The SearchContacts body of a lookup (exactly-one check: two rows per page). */
function lookupBody(...filters: Filter[]) {
  return { query: { operator: 'AND', value: filters }, pagination: { per_page: 2 } };
}
const lookup = (...filters: Filter[]) => ({ method: 'POST', path: '/contacts/search', query: '', body: lookupBody(...filters) });

function page(rows: Array<Record<string, unknown>>, next?: string): Reply {
  return {
    body: {
      type: 'list',
      data: rows.map((r) => ({ type: 'contact', ...r })),
      total_count: rows.length,
      pages: { type: 'pages', page: 1, per_page: 50, total_pages: next ? 2 : 1, ...(next ? { next: { starting_after: next } } : {}) },
    },
  };
}
const none = () => page([]);
const one = (id: string, r = 'user') => page([{ id, role: r }]);
const two = (r = 'user') => ({ body: { ...(page([{ id: 'x1', role: r }, { id: 'x2', role: r }]).body as object), total_count: 2 } });

/** Answers SearchContacts from a function of the request body's filters. */
function searchBy(answer: (filters: Filter[]) => Reply) {
  server.on('POST', '/contacts/search', ({ request }) => {
    const query = (request.json as any).query;
    const filters: Filter[] = query.operator === 'AND' ? query.value : [query];
    return answer(filters);
  });
}
const valueOf = (filters: Filter[], field: string) => filters.find((f) => f.field === field)?.value;

// ---- invalid input: nothing is sent -----------------------------------------------------------

describe('invalid input sends nothing', () => {
  const cases: Array<[string, string, Record<string, unknown>, string, string?]> = [
    ['unknown parameter', 'archive_user', { email: 'a@example.com', emial: 'x' }, 'INVALID_PARAMS', '/emial'],
    ['wrong type', 'get_user', { id: { nested: true } }, 'INVALID_PARAMS', '/id'],
    ['missing required', 'get_lead', {}, 'INVALID_PARAMS', '/id'],
    ['missing required $body', 'create_user', {}, 'INVALID_PARAMS', '/$body'],
    ['wrong body field type', 'create_user', { $body: { email: 'a@example.com', last_request_at: 'yesterday' } }, 'INVALID_PARAMS', '/$body/last_request_at'],
    ['enum', 'list_users', { order: 'up' }, 'INVALID_PARAMS', '/order'],
    ['number', 'list_users', { created_since: 'last week' }, 'INVALID_PARAMS', '/created_since'],
    ['rule: archive_user needs email or user_id', 'archive_user', {}, 'INVALID_PARAMS', '/user_id'],
    ['rule: find_user needs email or user_id', 'find_user', { email: '  ' }, 'INVALID_PARAMS', '/user_id'],
    ['rule: delete_lead needs user_id', 'delete_lead', {}, 'INVALID_PARAMS', '/user_id'],
    ['rule: delete_visitor needs user_id', 'delete_visitor', {}, 'INVALID_PARAMS', '/user_id'],
    ['rule: create_user needs user_id or email', 'create_user', { $body: { name: 'Ann' } }, 'INVALID_PARAMS', '/$body/user_id'],
    ['rule: create_update_user needs user_id or email', 'create_update_user', { $body: { phone: '1' } }, 'INVALID_PARAMS', '/$body/user_id'],
    ['rule: update_lead needs id or user_id', 'update_lead', { $body: { name: 'L' } }, 'INVALID_PARAMS', '/$body/id'],
    ['rule: update_visitor needs id or user_id', 'update_visitor', { $body: { name: 'V' } }, 'INVALID_PARAMS', '/$body/id'],
    ['rule: list_users created_since ≥ 0', 'list_users', { created_since: -1 }, 'INVALID_PARAMS', '/created_since'],
    ['convert_lead without user', 'convert_lead', { $body: { contact: { id: 'l1' } } }, 'INVALID_PARAMS', '/$body/user'],
    ['convert_lead: lead without identifier', 'convert_lead', { $body: { contact: { name: 'x' }, user: { id: 'u1' } } }, 'INVALID_PARAMS', '/$body/contact'],
    ['convert_lead: user without identifier', 'convert_lead', { $body: { contact: { id: 'l1' }, user: { name: 'x' } } }, 'INVALID_PARAMS', '/$body/user'],
    ['convert_visitor: bad type', 'convert_visitor', { $body: { visitor: { id: 'v1' }, type: 'admin' } }, 'INVALID_PARAMS', '/$body/type'],
    ['convert_visitor: type user without user', 'convert_visitor', { $body: { visitor: { id: 'v1' }, type: 'user' } }, 'INVALID_PARAMS', '/$body/user'],
    ['convert_visitor: 2.x needs user id or user_id', 'convert_visitor', { $body: { visitor: { email: 'v@example.com' }, type: 'lead' } }, 'UNSUPPORTED'],
    ['convert_visitor: user by email only', 'convert_visitor', { $body: { visitor: { id: 'v1' }, type: 'user', user: { email: 'u@example.com' } } }, 'UNSUPPORTED'],
    ['company without company_id or id', 'create_lead', { $body: { name: 'L', companies: [{ name: 'Acme' }] } }, 'INVALID_PARAMS', '/$body/companies/0'],
    ['company attribute the API cannot store (null)', 'create_user', { $body: { user_id: 'u1', companies: [{ company_id: 'c', custom_attributes: { note: null } }] } }, 'INVALID_PARAMS', '/$body/companies/0/custom_attributes/note'],
    ['company remove', 'create_update_user', { $body: { user_id: 'u1', companies: [{ company_id: 'c', remove: true }] } }, 'UNSUPPORTED'],
    ['scroll of the wrong type', 'scroll_users', { scroll: ['a'] }, 'INVALID_PARAMS', '/scroll'],
    ['resultsPath on a non-list operation', 'scroll_leads', { resultsPath: 'contacts' }, 'INVALID_PARAMS', '/resultsPath'],
  ];
  it.each(cases)('%s (%s) → %s', async (_label, name, params, code, path) => {
    server.on('*', '/contacts/search', one('should-not-be-called'));
    const error = await failure(run(name, params));
    expect(error.code).toBe(code);
    expect(error.operation).toBe(name);
    if (path) expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    if (code === 'UNSUPPORTED') expect(error.parameter).toBeTruthy();
    expect(server.requests).toHaveLength(0);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('coerces form strings where the declared type is unambiguous (created_since "7")', async () => {
    server.on('POST', '/contacts/search', page([]));
    await run('list_users', { created_since: '7' });
    expect((sent()[0].body as any).query.value[1]).toEqual({ field: 'created_at', operator: '>', value: NOW - 7 * 86400 });
  });
});

// ---- users ------------------------------------------------------------------------------------

describe('archive_user', () => {
  it('looks the user up by email, then archives that contact', async () => {
    server.on('POST', '/contacts/search', one('c1'));
    server.on('POST', '/contacts/{id}/archive', { body: { id: 'c1', type: 'contact', archived: true } });
    const result = await run('archive_user', { email: 'ann@example.com' });
    expect(result).toEqual({ id: 'c1', type: 'contact', archived: true });
    expect(sent()).toEqual([
      lookup(role('user'), eq('email', 'ann@example.com')),
      { method: 'POST', path: '/contacts/c1/archive', query: '', body: undefined },
    ]);
  });

  it('looks up by user_id as external_id (user_id wins over email)', async () => {
    server.on('POST', '/contacts/search', one('c2'));
    server.on('POST', '/contacts/{id}/archive', { body: { id: 'c2', archived: true } });
    await run('archive_user', { user_id: 'u-42', email: 'other@example.com' });
    expect(sent().map((r) => r.body)).toEqual([lookupBody(role('user'), eq('external_id', 'u-42')), undefined]);
  });

  it('NOT_FOUND when no user matches, AMBIGUOUS when several do: nothing archived', async () => {
    server.on('POST', '/contacts/search', none());
    const missing = await failure(run('archive_user', { email: 'nobody@example.com' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.lookup).toEqual({ role: 'user', email: 'nobody@example.com' });
    expect(server.requestsTo('POST', '/contacts/{id}/archive')).toHaveLength(0);

    server.reset({ routes: true });
    server.on('POST', '/contacts/search', two());
    const several = await failure(run('archive_user', { email: 'shared@example.com' }));
    expect(several.code).toBe('AMBIGUOUS');
    expect(server.requests).toHaveLength(1);
  });

  it('an API error on the archive lists the lookup that had succeeded', async () => {
    server.on('POST', '/contacts/search', one('c1'));
    server.on('POST', '/contacts/{id}/archive', errorList(403, 'forbidden', 'Not allowed'));
    const error = await failure(run('archive_user', { email: 'ann@example.com' }));
    expect(error.code).toBe('API_ERROR');
    expect(error.status).toBe(403);
    expect(error.completedCalls).toEqual([
      { operation: 'SearchContacts', method: 'POST', url: `${server.url}/contacts/search`, status: 200 },
    ]);
  });

  it('dry run plans the lookup and names the archive as pending', async () => {
    const plan = await run('archive_user', { email: 'ann@example.com' }, { dryRun: true });
    expect(server.requests).toHaveLength(0);
    expect(plan.dryRun).toBe(true);
    expect(plan.requests.map((r: any) => [r.method, r.url, r.body])).toEqual([
      ['POST', `${server.url}/contacts/search`, lookupBody(role('user'), eq('email', 'ann@example.com'))],
    ]);
    expect(plan.pending).toEqual(['ArchiveContact']);
    expect(JSON.stringify(plan)).not.toContain(TOKEN);
  });
});

describe('create_user / create_update_user', () => {
  const v1User = {
    user_id: 'u-1',
    email: 'ann@example.com',
    name: 'Ann',
    phone: '+331',
    signed_up_at: 1_600_000_000,
    last_request_at: 1_690_000_000,
    avatar: { type: 'avatar', image_url: 'https://example.com/a.png' },
    unsubscribed_from_emails: false,
    custom_attributes: { plan: 'pro' },
    created_at: 1_500_000_000,
    session_count: 3,
    utm_source: 'news',
    pseudonym: 'Blue Fox',
    tags: [{ id: 't1', name: 'VIP' }],
    new_session: true,
  };
  const contactBody = {
    external_id: 'u-1',
    email: 'ann@example.com',
    name: 'Ann',
    phone: '+331',
    signed_up_at: 1_600_000_000,
    last_seen_at: 1_690_000_000,
    avatar: 'https://example.com/a.png',
    unsubscribed_from_emails: false,
    custom_attributes: { plan: 'pro' },
  };

  it.each(['create_user', 'create_update_user'])('%s: no such user → CreateContact role user; dropped fields warned', async (name) => {
    server.on('POST', '/contacts/search', none());
    server.on('POST', '/contacts', { body: { type: 'contact', id: 'new1', role: 'user' } });
    const result = await run(name, { $body: v1User });
    expect(result).toEqual({ type: 'contact', id: 'new1', role: 'user' });
    expect(sent()).toEqual([
      lookup(role('user'), eq('external_id', 'u-1')),
      { method: 'POST', path: '/contacts', query: '', body: { role: 'user', ...contactBody } },
    ]);
    expect(warnings.map((w) => w.field).sort()).toEqual(['avatar.type', 'created_at', 'new_session', 'pseudonym', 'session_count', 'tags', 'utm_source']);
    expect(warnings.every((w) => w.operation === name && w.message.length > 0)).toBe(true);
  });

  it.each(['create_user', 'create_update_user'])('%s: the user exists (by email) → UpdateContact on it', async (name) => {
    server.on('POST', '/contacts/search', one('c9'));
    server.on('PUT', '/contacts/{id}', ({ params }) => ({ body: { id: params.id, role: 'user' } }));
    await run(name, { $body: { email: 'ann@example.com', name: 'Ann B' } });
    expect(sent()).toEqual([
      lookup(role('user'), eq('email', 'ann@example.com')),
      { method: 'PUT', path: '/contacts/c9', query: '', body: { email: 'ann@example.com', name: 'Ann B' } },
    ]);
    expect(warnings).toEqual([]);
  });

  it('$body.id updates that contact without a lookup', async () => {
    server.on('PUT', '/contacts/{id}', { body: { id: 'c5' } });
    await run('create_user', { $body: { id: 'c5', name: 'Zed' } });
    expect(sent()).toEqual([{ method: 'PUT', path: '/contacts/c5', query: '', body: { name: 'Zed' } }]);
  });

  it('several users match → AMBIGUOUS, nothing written', async () => {
    server.on('POST', '/contacts/search', two());
    const error = await failure(run('create_update_user', { $body: { email: 'shared@example.com' } }));
    expect(error.code).toBe('AMBIGUOUS');
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/search']);
  });

  it('companies: createOrUpdateCompany then attachContactToACompany per company, after the contact', async () => {
    server.on('POST', '/contacts/search', none());
    server.on('POST', '/contacts', { body: { id: 'new1', role: 'user' } });
    server.on('POST', '/companies', ({ request }) => ({ body: { type: 'company', id: `co-${(request.json as any).company_id}` } }));
    server.on('POST', '/contacts/{id}/companies', ({ request }) => ({ body: { type: 'company', id: (request.json as any).id } }));
    const result = await run('create_user', {
      $body: {
        email: 'ann@example.com',
        companies: [
          { company_id: 'acme', name: 'Acme', plan: 'gold', size: 10, monthly_spend: 99.9, user_count: 4, created_at: 1 },
          { id: 'existing-co' },
        ],
      },
    });
    expect(result).toEqual({ id: 'new1', role: 'user' });
    expect(sent()).toEqual([
      lookup(role('user'), eq('email', 'ann@example.com')),
      { method: 'POST', path: '/contacts', query: '', body: { role: 'user', email: 'ann@example.com' } },
      { method: 'POST', path: '/companies', query: '', body: { company_id: 'acme', name: 'Acme', plan: 'gold', size: 10, monthly_spend: 99 } },
      { method: 'POST', path: '/contacts/new1/companies', query: '', body: { id: 'co-acme' } },
      { method: 'POST', path: '/contacts/new1/companies', query: '', body: { id: 'existing-co' } },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['companies[0].user_count', 'companies[0].created_at']);
  });

  it('an API error half-way lists the calls already made', async () => {
    server.on('POST', '/contacts/search', none());
    server.on('POST', '/contacts', { body: { id: 'new1', role: 'user' } });
    server.on('POST', '/companies', errorList(400, 'parameter_invalid', 'bad company'));
    const error = await failure(run('create_user', { $body: { user_id: 'u-1', companies: [{ company_id: 'acme' }] } }));
    expect(error.code).toBe('API_ERROR');
    expect(error.completedCalls.map((c: any) => `${c.operation} ${c.method} ${c.url.replace(server.url, '')}`)).toEqual([
      'SearchContacts POST /contacts/search',
      'CreateContact POST /contacts',
    ]);
    expect(error.message).toContain('CreateContact');
    expect(server.requestsTo('POST', '/contacts/{id}/companies')).toHaveLength(0);
  });

  it('dry run: the lookup decides the rest, so the plan stops there', async () => {
    const plan = await run('create_user', { $body: { user_id: 'u-1' } }, { dryRun: true });
    expect(plan.requests.map((r: any) => `${r.method} ${r.url.replace(server.url, '')}`)).toEqual(['POST /contacts/search']);
    // Found → update, none → create; no companies given, so no company steps.
    expect(plan.pending).toEqual(['UpdateContact', 'CreateContact']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('find_user / get_user / list_users / scroll_users', () => {
  it('find_user by user_id answers the single user', async () => {
    server.on('POST', '/contacts/search', one('c1'));
    const user = await run('find_user', { user_id: 'u-1' });
    expect(user).toEqual({ type: 'contact', id: 'c1', role: 'user' });
    expect(sent()).toEqual([lookup(role('user'), eq('external_id', 'u-1'))]);
  });

  it('find_user by user_id: NOT_FOUND when none matches', async () => {
    server.on('POST', '/contacts/search', none());
    expect((await failure(run('find_user', { user_id: 'ghost' }))).code).toBe('NOT_FOUND');
  });

  it('find_user by email answers the list', async () => {
    server.on('POST', '/contacts/search', two());
    const list = await run('find_user', { email: 'shared@example.com' });
    expect(list.data).toHaveLength(2);
    expect(sent()).toEqual([
      { method: 'POST', path: '/contacts/search', query: '', body: { query: { operator: 'AND', value: [role('user'), eq('email', 'shared@example.com')] } } },
    ]);
    // …which iterate() streams over every page.
    server.reset({ routes: true });
    server.on('POST', '/contacts/search', ({ request }) =>
      (request.json as any).pagination?.starting_after ? page([{ id: 'c3', role: 'user' }]) : page([{ id: 'c1' }, { id: 'c2' }], 'cur2'),
    );
    const ids: string[] = [];
    for await (const row of runner.iterate('find_user', { email: 'shared@example.com' }, { token: TOKEN, baseUrl: server.url })) ids.push(row.id);
    expect(ids).toEqual(['c1', 'c2', 'c3']);
  });

  it('get_user answers a user; a lead (or any other role) is NOT_FOUND', async () => {
    server.on('GET', '/contacts/{id}', ({ params }) => ({ body: { type: 'contact', id: params.id, role: params.id.startsWith('u') ? 'user' : 'lead' } }));
    expect(await run('get_user', { id: 'u1' })).toEqual({ type: 'contact', id: 'u1', role: 'user' });
    const error = await failure(run('get_user', { id: 'l1' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('lead');
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /contacts/u1', 'GET /contacts/l1']);
  });

  it('get_user encodes the id as one path segment', async () => {
    server.on('GET', '/contacts/{id}', { body: { id: 'a/b', role: 'user' } });
    await run('get_user', { id: 'a/b' });
    expect(server.requests[0].path).toBe('/contacts/a%2Fb');
  });

  it('list_users: created_since → created_at > now − days, sort last_request_at → last_seen_at, asc → ascending', async () => {
    server.on('POST', '/contacts/search', page([{ id: 'c1', role: 'user' }]));
    const first = await run('list_users', { created_since: 2.5, sort: 'last_request_at', order: 'asc' });
    expect(first.data).toHaveLength(1);
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/contacts/search',
        query: '',
        body: {
          query: { operator: 'AND', value: [role('user'), { field: 'created_at', operator: '>', value: NOW - 216000 }] },
          sort: { field: 'last_seen_at', order: 'ascending' },
        },
      },
    ]);
  });

  it('list_users: no filter → role only; order alone sorts created_at descending', async () => {
    server.on('POST', '/contacts/search', page([]));
    await run('list_users', {});
    await run('list_users', { order: 'desc' });
    expect(sent().map((r) => r.body)).toEqual([
      { query: role('user') },
      { query: role('user'), sort: { field: 'created_at', order: 'descending' } },
    ]);
  });

  it('list_users with resultsPath "users" gathers the rows of every page (cursor in the body), up to maxItems', async () => {
    server.on('POST', '/contacts/search', ({ request }) => {
      const after = (request.json as any).pagination?.starting_after;
      return after === 'cur2' ? page([{ id: 'c3', role: 'user' }]) : page([{ id: 'c1', role: 'user' }, { id: 'c2', role: 'user' }], 'cur2');
    });
    const rows = await run('list_users', { resultsPath: 'users' });
    expect(rows.map((r: any) => r.id)).toEqual(['c1', 'c2', 'c3']);
    expect(sent().map((r) => r.body)).toEqual([
      { query: role('user') },
      // The next page keeps the page size the first answered (from 2.11 pagination needs per_page).
      { query: role('user'), pagination: { per_page: 50, starting_after: 'cur2' } },
    ]);

    server.reset();
    const capped = await run('list_users', { resultsPath: 'users' }, { maxItems: 2 });
    expect(capped.map((r: any) => r.id)).toEqual(['c1', 'c2']);
    expect(server.requests).toHaveLength(1);
  });

  it('list_users streams with iterate()', async () => {
    server.on('POST', '/contacts/search', ({ request }) =>
      (request.json as any).pagination?.starting_after ? page([{ id: 'c2', role: 'user' }]) : page([{ id: 'c1', role: 'user' }], 'cur2'),
    );
    const ids: string[] = [];
    for await (const row of runner.iterate('list_users', {}, { token: TOKEN, baseUrl: server.url })) ids.push(row.id);
    expect(ids).toEqual(['c1', 'c2']);
  });

  it('list_users dry run plans the first page', async () => {
    const plan = await run('list_users', { sort: 'updated_at' }, { dryRun: true });
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0].body).toEqual({ query: role('user'), sort: { field: 'updated_at', order: 'descending' } });
    expect(plan.requests[0].headers.Authorization ?? plan.requests[0].headers.authorization).not.toContain(TOKEN);
  });

  it('scroll_users: scroll is the search cursor; scroll_param is the next cursor, null at the end', async () => {
    server.on('POST', '/contacts/search', ({ request }) => {
      const after = (request.json as any).pagination?.starting_after;
      return after === 'cur2' ? page([{ id: 'c3', role: 'user' }]) : page([{ id: 'c1', role: 'user' }, { id: 'c2', role: 'user' }], 'cur2');
    });
    const first = await run('scroll_users', {});
    expect(first).toEqual({
      type: 'user.list',
      users: [{ type: 'contact', id: 'c1', role: 'user' }, { type: 'contact', id: 'c2', role: 'user' }],
      total_count: 2,
      scroll_param: 'cur2',
    });
    const last = await run('scroll_users', { scroll: first.scroll_param });
    expect(last.users.map((u: any) => u.id)).toEqual(['c3']);
    expect(last.scroll_param).toBeNull();
    expect(sent().map((r) => r.body)).toEqual([
      { query: role('user'), pagination: { per_page: 50 } },
      { query: role('user'), pagination: { per_page: 50, starting_after: 'cur2' } },
    ]);
  });
});

// ---- leads ------------------------------------------------------------------------------------

describe('create_lead / update_lead', () => {
  it('create_lead → CreateContact role lead with renamed fields; companies after', async () => {
    server.on('POST', '/contacts', { body: { id: 'l1', role: 'lead' } });
    server.on('POST', '/companies', { body: { id: 'co-1' } });
    server.on('POST', '/contacts/{id}/companies', { body: { id: 'co-1' } });
    const result = await run('create_lead', {
      $body: {
        name: 'Lea',
        email: 'lea@example.com',
        last_request_at: 1_690_000_000,
        avatar: { image_url: null },
        referrer: 'https://example.com',
        social_profiles: [],
        location_data: { city_name: 'Paris' },
        companies: [{ company_id: 'acme', website: 'https://acme.test', session_count: 9 }],
      },
    });
    expect(result).toEqual({ id: 'l1', role: 'lead' });
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/contacts',
        query: '',
        body: { role: 'lead', name: 'Lea', email: 'lea@example.com', last_seen_at: 1_690_000_000, avatar: null },
      },
      { method: 'POST', path: '/companies', query: '', body: { company_id: 'acme', website: 'https://acme.test' } },
      { method: 'POST', path: '/contacts/l1/companies', query: '', body: { id: 'co-1' } },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['referrer', 'social_profiles', 'location_data', 'companies[0].session_count']);
  });

  it('create_lead with no body creates an empty lead', async () => {
    server.on('POST', '/contacts', { body: { id: 'l2', role: 'lead' } });
    await run('create_lead', {});
    expect(sent()).toEqual([{ method: 'POST', path: '/contacts', query: '', body: { role: 'lead' } }]);
  });

  it('create_lead with $body.id updates that lead; dry run plans the update and the first company call', async () => {
    const body = { id: 'l1', name: 'Lea', user_id: 'lead-uuid', companies: [{ company_id: 'acme' }] };
    const plan = await run('create_lead', { $body: body }, { dryRun: true });
    expect(plan.requests.map((r: any) => [r.method, r.url.replace(server.url, ''), r.body])).toEqual([
      ['PUT', '/contacts/l1', { name: 'Lea', external_id: 'lead-uuid' }],
      ['POST', '/companies', { company_id: 'acme' }],
    ]);
    expect(plan.pending).toEqual(['attachContactToACompany']);
    expect(server.requests).toHaveLength(0);

    server.on('PUT', '/contacts/{id}', { body: { id: 'l1', role: 'lead' } });
    server.on('POST', '/companies', { body: { id: 'co-1' } });
    server.on('POST', '/contacts/{id}/companies', { body: { id: 'co-1' } });
    await run('create_lead', { $body: body });
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /contacts/l1', 'POST /companies', 'POST /contacts/l1/companies']);
  });

  it('update_lead by id → UpdateContact', async () => {
    server.on('PUT', '/contacts/{id}', { body: { id: 'l1', role: 'lead' } });
    await run('update_lead', { $body: { id: 'l1', phone: '+44', custom_attributes: { score: 3 } } });
    expect(sent()).toEqual([{ method: 'PUT', path: '/contacts/l1', query: '', body: { phone: '+44', custom_attributes: { score: 3 } } }]);
  });

  it('update_lead by user_id → lookup (role lead, external_id) → UpdateContact', async () => {
    server.on('POST', '/contacts/search', one('l7', 'lead'));
    server.on('PUT', '/contacts/{id}', { body: { id: 'l7', role: 'lead' } });
    await run('update_lead', { $body: { user_id: 'lead-uuid', name: 'Lea' } });
    expect(sent()).toEqual([
      lookup(role('lead'), eq('external_id', 'lead-uuid')),
      { method: 'PUT', path: '/contacts/l7', query: '', body: { external_id: 'lead-uuid', name: 'Lea' } },
    ]);
  });

  it('update_lead by user_id: NOT_FOUND says to pass the Intercom id; nothing written', async () => {
    server.on('POST', '/contacts/search', none());
    const error = await failure(run('update_lead', { $body: { user_id: 'lead-uuid', name: 'Lea' } }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/Intercom id/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('convert_lead', () => {
  it('user exists → MergeContact from the lead into the user', async () => {
    searchBy((filters) => (valueOf(filters, 'role') === 'lead' ? one('lead1', 'lead') : one('user1')));
    server.on('POST', '/contacts/merge', { body: { id: 'user1', role: 'user' } });
    const result = await run('convert_lead', {
      $body: { contact: { user_id: 'lead-uuid', name: 'ignored' }, user: { email: 'ann@example.com' } },
    });
    expect(result).toEqual({ id: 'user1', role: 'user' });
    expect(sent()).toEqual([
      lookup(role('lead'), eq('external_id', 'lead-uuid')),
      lookup(role('user'), eq('email', 'ann@example.com')),
      { method: 'POST', path: '/contacts/merge', query: '', body: { from: 'lead1', into: 'user1' } },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['contact.name']);
  });

  it('no such user → UpdateContact turns the lead into that user', async () => {
    server.on('POST', '/contacts/search', none());
    server.on('PUT', '/contacts/{id}', { body: { id: 'lead1', role: 'user' } });
    await run('convert_lead', { $body: { contact: { id: 'lead1' }, user: { user_id: 'u-9', email: 'new@example.com' } } });
    expect(sent()).toEqual([
      lookup(role('user'), eq('external_id', 'u-9')),
      { method: 'PUT', path: '/contacts/lead1', query: '', body: { role: 'user', external_id: 'u-9', email: 'new@example.com' } },
    ]);
  });

  it('both Intercom ids → MergeContact only', async () => {
    server.on('POST', '/contacts/merge', { body: { id: 'user1' } });
    await run('convert_lead', { $body: { contact: { id: 'lead1' }, user: { id: 'user1' } } });
    expect(sent()).toEqual([{ method: 'POST', path: '/contacts/merge', query: '', body: { from: 'lead1', into: 'user1' } }]);
  });

  it('lead not found → NOT_FOUND (with the Intercom-id hint); several users → AMBIGUOUS; nothing written', async () => {
    server.on('POST', '/contacts/search', none());
    const missing = await failure(run('convert_lead', { $body: { contact: { user_id: 'gone' }, user: { id: 'user1' } } }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/Intercom id/);

    server.reset({ routes: true });
    searchBy((filters) => (valueOf(filters, 'role') === 'lead' ? one('lead1', 'lead') : two()));
    const several = await failure(run('convert_lead', { $body: { contact: { user_id: 'lead-uuid' }, user: { email: 'shared@example.com' } } }));
    expect(several.code).toBe('AMBIGUOUS');
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/search', 'POST /contacts/search']);
  });
});

describe('delete_lead / delete_lead_by_id / get_lead / list_leads / scroll_leads', () => {
  it('delete_lead looks the lead up by external_id, then deletes it', async () => {
    server.on('POST', '/contacts/search', one('l3', 'lead'));
    server.on('DELETE', '/contacts/{id}', { body: { id: 'l3', type: 'contact', deleted: true } });
    expect(await run('delete_lead', { user_id: 'lead-uuid' })).toEqual({ id: 'l3', type: 'contact', deleted: true });
    expect(sent()).toEqual([
      lookup(role('lead'), eq('external_id', 'lead-uuid')),
      { method: 'DELETE', path: '/contacts/l3', query: '', body: undefined },
    ]);
  });

  it('delete_lead: several leads match → AMBIGUOUS, nothing deleted', async () => {
    server.on('POST', '/contacts/search', two('lead'));
    expect((await failure(run('delete_lead', { user_id: 'dup' }))).code).toBe('AMBIGUOUS');
    expect(server.requestsTo('DELETE', '/contacts/{id}')).toHaveLength(0);
  });

  it('delete_lead_by_id → DeleteContact; dry run plans it', async () => {
    server.on('DELETE', '/contacts/{id}', { body: { id: 'l3', deleted: true } });
    await run('delete_lead_by_id', { id: 'l3' });
    expect(sent()).toEqual([{ method: 'DELETE', path: '/contacts/l3', query: '', body: undefined }]);
    const plan = await run('delete_lead_by_id', { id: 'l4' }, { dryRun: true });
    expect(plan.requests.map((r: any) => `${r.method} ${r.url.replace(server.url, '')}`)).toEqual(['DELETE /contacts/l4']);
    expect(server.requests).toHaveLength(1);
  });

  it('get_lead answers a lead; a user is NOT_FOUND', async () => {
    server.on('GET', '/contacts/{id}', ({ params }) => ({ body: { id: params.id, role: params.id === 'l1' ? 'lead' : 'user' } }));
    expect(await run('get_lead', { id: 'l1' })).toEqual({ id: 'l1', role: 'lead' });
    expect((await failure(run('get_lead', { id: 'u1' }))).code).toBe('NOT_FOUND');
  });

  it('list_leads: role lead AND email / phone / external_id filters; resultsPath "contacts" → rows', async () => {
    server.on('POST', '/contacts/search', page([{ id: 'l1', role: 'lead' }]));
    const rows = await run('list_leads', { email: 'lea@example.com', phone: '+44', user_id: 'lead-uuid', resultsPath: 'contacts' });
    expect(rows).toEqual([{ type: 'contact', id: 'l1', role: 'lead' }]);
    await run('list_leads', {});
    expect(sent().map((r) => r.body)).toEqual([
      { query: { operator: 'AND', value: [role('lead'), eq('email', 'lea@example.com'), eq('phone', '+44'), eq('external_id', 'lead-uuid')] } },
      { query: role('lead') },
    ]);
  });

  it('iterate(scroll_users / scroll_leads) streams every row of every page (3 pages), not one v1 page', async () => {
    for (const [name, r] of [['scroll_users', 'user'], ['scroll_leads', 'lead']] as const) {
      server.reset({ routes: true });
      server.on('POST', '/contacts/search', ({ request }) => {
        const after = (request.json as any).pagination?.starting_after;
        const n = after ? Number(after.slice(3)) : 1;
        return page([{ id: `${r}${n}a`, role: r }, { id: `${r}${n}b`, role: r }], n < 3 ? `cur${n + 1}` : undefined);
      });
      const ids: string[] = [];
      for await (const row of runner.iterate(name, {}, { token: TOKEN, baseUrl: server.url })) ids.push(row.id);
      expect(ids).toEqual([`${r}1a`, `${r}1b`, `${r}2a`, `${r}2b`, `${r}3a`, `${r}3b`]);
      expect(sent().map((q) => q.body)).toEqual([
        { query: role(r), pagination: { per_page: 50 } },
        { query: role(r), pagination: { per_page: 50, starting_after: 'cur2' } },
        { query: role(r), pagination: { per_page: 50, starting_after: 'cur3' } },
      ]);
    }
  });

  it('scroll_leads answers contacts + scroll_param', async () => {
    server.on('POST', '/contacts/search', page([{ id: 'l1', role: 'lead' }]));
    const result = await run('scroll_leads', { scroll: 'abc' });
    expect(result).toEqual({ type: 'contact.list', contacts: [{ type: 'contact', id: 'l1', role: 'lead' }], total_count: 1, scroll_param: null });
    expect(sent()[0].body).toEqual({ query: role('lead'), pagination: { per_page: 50, starting_after: 'abc' } });
  });
});

// ---- visitors ---------------------------------------------------------------------------------

describe('visitors', () => {
  it('get_visitor → legacy GET /visitors/{id}', async () => {
    server.on('GET', '/visitors/{id}', ({ params }) => ({ body: { type: 'visitor', id: params.id } }));
    expect(await run('get_visitor', { id: 'v 1' })).toEqual({ type: 'visitor', id: 'v 1' });
    expect(sent()).toEqual([{ method: 'GET', path: '/visitors/v%201', query: '', body: undefined }]);
  });

  it('delete_visitor_by_id → legacy DELETE /visitors/{id}', async () => {
    server.on('DELETE', '/visitors/{id}', { body: { type: 'visitor', id: 'v1' } });
    await run('delete_visitor_by_id', { id: 'v1' });
    expect(sent()).toEqual([{ method: 'DELETE', path: '/visitors/v1', query: '', body: undefined }]);
  });

  it('delete_visitor → retrieveVisitorWithUserId → legacy DELETE of that visitor', async () => {
    server.on('GET', '/visitors', { body: { type: 'visitor', id: 'v77', user_id: 'anon-1' } });
    server.on('DELETE', '/visitors/{id}', { body: { type: 'visitor', id: 'v77' } });
    await run('delete_visitor', { user_id: 'anon-1' });
    expect(sent()).toEqual([
      { method: 'GET', path: '/visitors', query: 'user_id=anon-1', body: undefined },
      { method: 'DELETE', path: '/visitors/v77', query: '', body: undefined },
    ]);
  });

  it('delete_visitor: visitor not found (404 on the lookup) → NOT_FOUND, nothing deleted', async () => {
    server.on('GET', '/visitors', errorList(404, 'not_found', 'Visitor Not Found'));
    const error = await failure(run('delete_visitor', { user_id: 'ghost' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.lookup).toEqual({ user_id: 'ghost' });
    expect(server.requestsTo('DELETE', '/visitors/{id}')).toHaveLength(0);
  });

  it('delete_visitor: other lookup failures stay API errors; dry run plans the lookup only', async () => {
    server.on('GET', '/visitors', errorList(401, 'unauthorized', 'Access Token Invalid'));
    const error = await failure(run('delete_visitor', { user_id: 'anon-1' }));
    expect(error.code).toBe('API_ERROR');
    expect(error.status).toBe(401);
    server.reset();
    const plan = await run('delete_visitor', { user_id: 'anon 1' }, { dryRun: true });
    expect(plan.requests.map((r: any) => `${r.method} ${r.url.replace(server.url, '')}`)).toEqual(['GET /visitors?user_id=anon%201']);
    expect(server.requests).toHaveLength(0);
  });

  it('delete_visitor: the legacy DELETE failing lists the retrieve that succeeded', async () => {
    server.on('GET', '/visitors', { body: { id: 'v77' } });
    server.on('DELETE', '/visitors/{id}', errorList(404, 'not_found', 'gone'));
    const error = await failure(run('delete_visitor', { user_id: 'anon-1' }));
    expect(error.code).toBe('API_ERROR');
    expect(error.completedCalls).toHaveLength(1);
    expect(error.completedCalls[0].method).toBe('GET');
  });

  it('update_visitor → updateVisitor with id/user_id, name, custom_attributes; others warned', async () => {
    server.on('PUT', '/visitors', { body: { type: 'visitor', id: 'v1' } });
    await run('update_visitor', {
      $body: { id: 'v1', name: 'Vic', custom_attributes: { source: 'ad' }, avatar: { image_url: 'https://x' }, last_request_at: 5 },
    });
    expect(sent()).toEqual([
      { method: 'PUT', path: '/visitors', query: '', body: { id: 'v1', name: 'Vic', custom_attributes: { source: 'ad' } } },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['avatar', 'last_request_at']);
  });

  it('convert_visitor to a user: identifiers only; user.user_id stays user_id', async () => {
    server.on('POST', '/visitors/convert', { body: { type: 'contact', id: 'c1', role: 'user' } });
    await run('convert_visitor', {
      $body: { type: 'user', visitor: { user_id: 'anon-1', name: 'x' }, user: { user_id: 'u-1', email: 'ann@example.com', name: 'Ann' } },
    });
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/visitors/convert',
        query: '',
        body: { type: 'user', user: { user_id: 'u-1', email: 'ann@example.com' }, visitor: { user_id: 'anon-1' } },
      },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['visitor.name', 'user.name']);
  });

  it('convert_visitor to a lead: 2.10 requires user, so the visitor\'s identifiers are sent there', async () => {
    server.on('POST', '/visitors/convert', { body: { type: 'contact', id: 'c2', role: 'lead' } });
    await run('convert_visitor', { $body: { type: 'lead', visitor: { id: 'v1' } } });
    expect(sent()[0].body).toEqual({ type: 'lead', user: { id: 'v1' }, visitor: { id: 'v1' } });
  });
});

// ---- registry entries -------------------------------------------------------------------------

describe('registry entries', () => {
  const entry = (name: string) => runner.operations[name] as V1OperationEntry;

  it('show calls, mapped, dropped, legacy and readOnly', () => {
    expect(entry('create_user')).toMatchObject({
      kind: 'v1',
      calls: ['SearchContacts', 'UpdateContact', 'CreateContact', 'createOrUpdateCompany', 'attachContactToACompany'],
      legacy: false,
      readOnly: false,
      resultsPath: false,
    });
    expect(entry('create_user').mapped).toMatchObject({ user_id: 'external_id', last_request_at: 'last_seen_at', 'avatar.image_url': 'avatar' });
    expect(entry('create_user').dropped).toEqual(expect.arrayContaining(['created_at', 'utm_source', 'pseudonym', 'segments']));
    expect(entry('get_visitor')).toMatchObject({ calls: [], legacy: true, readOnly: true });
    expect(entry('delete_visitor')).toMatchObject({ calls: ['retrieveVisitorWithUserId'], legacy: true, readOnly: false });
    expect(entry('list_users')).toMatchObject({ calls: ['SearchContacts'], readOnly: true, resultsPath: true });
    expect(entry('list_users').paramsSchema).toMatchObject({
      properties: { order: { enum: ['asc', 'desc'] }, created_since: { type: 'number' }, resultsPath: { type: 'string' } },
      additionalProperties: false,
    });
    expect(entry('scroll_users')).toMatchObject({ readOnly: true, resultsPath: false });
    expect(entry('archive_user').paramsSchema.required).toBeUndefined();
    expect(entry('get_user').paramsSchema.required).toEqual(['id']);
    expect(entry('update_lead').paramsSchema.required).toEqual(['$body']);
  });
});
