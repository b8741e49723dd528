/**
 * The BindingContext and v1 entries, with small fixture bindings over the real generated API
 * entries: target resolution through resolvedCalls (also in a registry where names and path
 * params differ, as in 2.11), translated-request validation, lists and resultsPath, legacy
 * routes, warnings, dry-run plans with pending steps, and completedCalls after a partial failure.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BindingFunction } from '../runtime/binding-api.js';
import { InternalError, NotFoundError } from '../runtime/errors.js';
import { withResultsPath } from '../operations/results-path.js';
import { createRunner, type ApiOperationEntry, type RegistryData, type V1OperationEntry, type Warning } from '../entry/index.js';
import { loadRegistry } from '../runtime/registry-data.js';
import pinnedPacked from '../generated/pinned.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { failure } from './support/failure.js';

const pinnedRegistry = unpackRegistry(pinnedPacked);

const TOKEN = 'tok_v1_SECRET_abcdef012345';
const generated: RegistryData = structuredClone(pinnedRegistry);
const apiEntries = generated.operations.filter((e): e is ApiOperationEntry => e.kind === 'api');
const api = (name: string) => structuredClone(apiEntries.find((e) => e.name === name)!);

function v1(name: string, targets: string[], properties: Record<string, unknown>, extra: Partial<V1OperationEntry> = {}, names: Record<string, string> = {}): V1OperationEntry {
  return {
    kind: 'v1',
    name,
    summary: `fixture ${name}`,
    paramsSchema: { type: 'object', properties, additionalProperties: false, ...(extra.resultsPath ? {} : {}) },
    readOnly: false,
    calls: targets.map((t) => names[t] ?? t),
    resolvedCalls: targets.map((t) => {
      const entry = apiEntries.find((e) => e.name === t)!;
      return { target: t, name: names[t] ?? t, method: entry.method, path: entry.path };
    }),
    legacy: false,
    mapped: {},
    dropped: [],
    resultsPath: false,
    unavailable: null,
    resultSchema: null,
    rowSchema: null,
    ...extra,
  };
}

const str = { type: 'string' };
const RESULTS_PATH = { resultsPath: { type: 'string' } };

const V1_ENTRIES: V1OperationEntry[] = [
  v1('get_admin', ['retrieveAdmin'], { id: str }, { readOnly: true }),
  v1('archive_user', ['SearchContacts', 'ArchiveContact'], { email: str }),
  v1('tag_users', ['createTag'], { name: str, users: { type: 'array', items: str } }),
  v1('list_tags', ['listTags'], { ...RESULTS_PATH }, { resultsPath: true, readOnly: true }),
  // A list: it has rows (the registry's rowSchema), so iterate() takes it.
  v1('list_users', ['SearchContacts'], { ...RESULTS_PATH }, { resultsPath: true, readOnly: true, rowSchema: { type: 'object' } }),
  v1('list_data_attributes_for_customers', ['lisDataAttributes'], { ...RESULTS_PATH }, { resultsPath: true, readOnly: true }),
  v1('delete_visitor_by_id', [], { id: str }, { legacy: true }),
  v1('update_visitor', ['updateVisitor'], { id: str, name: str, pseudonym: str }, { dropped: ['pseudonym'] }),
  v1('broken_translation', ['retrieveAdmin'], { id: str }),
  v1('checked_before_writing', ['ArchiveContact', 'retrieveAdmin'], { id: str }),
  v1('undeclared_target', ['listTags'], {}),
  v1('crashing', [], {}),
  v1('count_conversations', ['listConversations'], {}, { readOnly: true }),
  v1('gone_in_this_version', ['listTags'], {}, { unavailable: 'the catalog says so' }),
  v1('swallowing_lookup', ['SearchContacts', 'ArchiveContact'], { email: str }),
  v1('finally_lookup', ['SearchContacts', 'ArchiveContact'], { email: str }),
];

const SEEN_NOW: number[] = [];
const BINDINGS: Record<string, BindingFunction> = {
  get_admin: (p, ctx) => ctx.call('retrieveAdmin', { path: [p.id] }),
  archive_user: async (p, ctx) => {
    // The runtime's own (loose) context: answers are unknown until read as the target's shape.
    const page = (await ctx.call(
      'SearchContacts',
      { body: { query: { field: 'email', operator: '=', value: p.email } } },
      { then: ['ArchiveContact'] },
    )) as { data?: Array<{ id?: string }> } | undefined;
    const id = page?.data?.[0]?.id;
    if (!id) throw new NotFoundError(`${ctx.operation}: no user with email ${p.email}`, { operation: ctx.operation, lookup: { email: p.email } });
    return ctx.call('ArchiveContact', { path: [id] });
  },
  tag_users: async (p, ctx) => {
    const users: string[] = p.users;
    for (let i = 0; i < users.length; i += 2) {
      await ctx.call('createTag', { body: { name: p.name, users: users.slice(i, i + 2).map((id) => ({ id })) } }, { independent: true });
    }
    return { type: 'tag', name: p.name };
  },
  // List operations take resultsPath through the v1 layer, as the catalog's do.
  list_tags: withResultsPath(async (_p, ctx) => ctx.list('listTags', {})),
  list_users: withResultsPath(async (_p, ctx) =>
    ctx.list('SearchContacts', { body: { query: { field: 'role', operator: '=', value: 'user' }, pagination: { per_page: 2 } } }),
  ),
  list_data_attributes_for_customers: withResultsPath(async (_p, ctx) => ctx.list('lisDataAttributes', { query: { model: 'contact' } })),
  delete_visitor_by_id: (p, ctx) => ctx.legacy({ method: 'DELETE', route: '/visitors/{}', path: [p.id] }),
  update_visitor: (p, ctx) => {
    if (p.pseudonym !== undefined) ctx.warn('pseudonym', 'the current API cannot write pseudonym: dropped');
    return ctx.call('updateVisitor', { body: { id: p.id, name: p.name } });
  },
  broken_translation: (p, ctx) => ctx.call('retrieveAdmin', { path: [p.id], query: { bogus: 1 } }),
  checked_before_writing: async (p, ctx) => {
    ctx.validate('retrieveAdmin', { path: ['not-a-number'] });
    await ctx.call('ArchiveContact', { path: [p.id] });
  },
  undeclared_target: (_p, ctx) => ctx.call('listTeams', {}),
  crashing: () => {
    throw new TypeError(`cannot read properties of undefined (token ${TOKEN})`);
  },
  count_conversations: async (_p, ctx) => {
    SEEN_NOW.push(ctx.now());
    let count = 0;
    const pages = ctx.list('listConversations', {});
    for await (const page of pages) count += pages.rowsOf(page).length;
    return { count };
  },
  gone_in_this_version: (_p, ctx) => ctx.call('listTags', {}),
  // Bindings that catch everything around a lookup: a dry run must still end at the lookup.
  swallowing_lookup: async (p, ctx) => {
    try {
      await ctx.call('SearchContacts', { body: { query: { field: 'email', operator: '=', value: p.email } } }, { then: ['ArchiveContact'] });
    } catch {
      // swallowed
    }
    return ctx.call('ArchiveContact', { path: ['not-planned'] });
  },
  finally_lookup: async (p, ctx) => {
    try {
      return await ctx.call('SearchContacts', { body: { query: { field: 'email', operator: '=', value: p.email } } }, { then: ['ArchiveContact'] });
    } finally {
      await ctx.call('ArchiveContact', { path: ['not-planned-either'] });
    }
  },
  // A call whose `then` names a target by its canonical operationId (renamed in 2.11).
  admin_then_attributes: async (p, ctx) => {
    await ctx.call('retrieveAdmin', { path: [p.id] }, { then: ['lisDataAttributes'] });
    return ctx.call('lisDataAttributes', {});
  },
};

const REGISTRY: RegistryData = { version: '2.10', operations: [...apiEntries, ...V1_ENTRIES] };

let server: IntercomServer;
let runner: ReturnType<typeof createRunner>;

beforeAll(async () => {
  server = await startIntercomServer();
  runner = createRunner({ registry: loadRegistry(REGISTRY), bindings: BINDINGS, token: TOKEN, baseUrl: server.url, now: () => 1_700_000_000 });
});
afterAll(() => server.close());
beforeEach(() => server.reset({ routes: true }));

describe('calls through the BindingContext', () => {
  it('positional path values; the v1 string id is converted to the integer the target declares', async () => {
    server.on('GET', '/admins/{id}', ({ params }) => ({ body: { type: 'admin', id: params.id } }));
    expect(await runner.run('get_admin', { id: '991267921' })).toEqual({ type: 'admin', id: '991267921' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /admins/991267921']);
  });

  it('a non-numeric id for an integer target param is INVALID_PARAMS naming the target; nothing sent', async () => {
    const error = await failure(runner.run('get_admin', { id: 'abc' }));
    expect(error).toMatchObject({ code: 'INVALID_PARAMS', operation: 'get_admin' });
    expect(error.message).toContain('retrieveAdmin');
    expect(error.issues).toEqual([{ path: '/id', message: 'must be integer' }]);
    expect(server.requests).toHaveLength(0);
  });

  it('a translation bug (a param the target does not have) is an error, not a request', async () => {
    const error = await failure(runner.run('broken_translation', { id: '1' }));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.issues?.[0].path).toBe('/bogus');
    expect(server.requests).toHaveLength(0);
  });

  it('validate() checks a later request against its target without sending anything', async () => {
    const error = await failure(runner.run('checked_before_writing', { id: 'c1' }));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.issues).toEqual([{ path: '/id', message: 'must be integer' }]);
    expect(server.requests).toHaveLength(0);
  });

  it('a target outside the entry’s resolvedCalls is UNSUPPORTED', async () => {
    expect((await failure(runner.run('undeclared_target'))).code).toBe('UNSUPPORTED');
  });

  it('v1 params are validated like any other (unknown names rejected)', async () => {
    const error = await failure(runner.run('get_admin', { id: '1', admin_id: '2' }));
    expect(error.issues?.map((i) => i.path)).toEqual(['/admin_id']);
  });

  it('lookup then write: two requests in order', async () => {
    server.on('POST', '/contacts/search', { body: { type: 'list', data: [{ id: 'c9' }], total_count: 1 } });
    server.on('POST', '/contacts/{id}/archive', ({ params }) => ({ body: { id: params.id, archived: true } }));
    expect(await runner.run('archive_user', { email: 'a@example.com' })).toEqual({ id: 'c9', archived: true });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/search', 'POST /contacts/c9/archive']);
    expect(server.requests[0].json).toEqual({ query: { field: 'email', operator: '=', value: 'a@example.com' } });
  });

  it('errors thrown by a binding keep their code and name the v1 operation', async () => {
    server.on('POST', '/contacts/search', { body: { type: 'list', data: [], total_count: 0 } });
    const error = await failure(runner.run('archive_user', { email: 'x@example.com' }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', operation: 'archive_user', lookup: { email: 'x@example.com' } });
    expect(server.requests).toHaveLength(1);
  });

  it('API errors of a target call name the v1 operation (and the target in the message)', async () => {
    server.on('GET', '/admins/{id}', { status: 404, body: { type: 'error.list', errors: [{ code: 'not_found', message: 'Admin Not Found' }] } });
    const error = await failure(runner.run('get_admin', { id: '5' }));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 404, operation: 'get_admin' });
    expect(error.message).toMatch(/^get_admin: retrieveAdmin: Intercom answered 404/);
  });

  it('a defect inside a binding (a TypeError) is INTERNAL, never UNSUPPORTED, and carries no token', async () => {
    const error = await failure(runner.run('crashing'));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ code: 'INTERNAL', operation: 'crashing', retryable: false });
    expect(error.message).toContain('cannot read properties of undefined');
    expect(JSON.stringify(error) + inspect(error) + error.stack).not.toContain(TOKEN);
  });

  it('an entry the catalog marks unavailable is UNSUPPORTED and sends nothing', async () => {
    expect((await failure(runner.run('gone_in_this_version'))).code).toBe('UNSUPPORTED');
    expect(server.requests).toHaveLength(0);
  });

  it('warn() reaches options.onWarning with the operation name', async () => {
    server.on('PUT', '/visitors', { body: { type: 'visitor', id: 'v1' } });
    const warnings: unknown[] = [];
    await runner.run('update_visitor', { id: 'v1', name: 'N', pseudonym: 'Blue Fox' }, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([{ operation: 'update_visitor', kind: 'dropped-field', field: 'pseudonym', message: 'the current API cannot write pseudonym: dropped' }]);
    expect(server.requests[0].json).toEqual({ id: 'v1', name: 'N' });
  });

  it('rows() streams a paginated target; now() is the injected clock', async () => {
    const key = (apiEntries.find((e) => e.name === 'listConversations')!.pagination!).rowsPath;
    server.on('GET', '/conversations', ({ request }) => ({
      body: { [key]: [{ id: 1 }, { id: 2 }], pages: request.query.get('starting_after') ? {} : { next: { starting_after: 'n' } } },
    }));
    expect(await runner.run('count_conversations')).toEqual({ count: 4 });
    expect(SEEN_NOW).toContain(1_700_000_000);
  });
});

describe('legacy endpoints', () => {
  it('route slots are encoded; "..", "." are rejected', async () => {
    server.on('DELETE', '/visitors/{id}', ({ params }) => ({ body: { id: params.id, type: 'visitor' } }));
    await runner.run('delete_visitor_by_id', { id: 'a/b?c' });
    expect(server.requests[0].path).toBe('/visitors/a%2Fb%3Fc');
    for (const id of ['..', '.']) {
      const error = await failure(runner.run('delete_visitor_by_id', { id }));
      expect(error.code).toBe('INVALID_PARAMS');
    }
    expect(server.requests).toHaveLength(1);
  });
});

describe('lists and resultsPath', () => {
  const search = (key: string) => ({ request }: { request: { json: unknown } }) => {
    const cursor = (request.json as any)?.pagination?.starting_after;
    const page = cursor ? Number(cursor) : 0;
    return {
      body: {
        type: 'list',
        [key]: [{ id: `u${page}a` }, { id: `u${page}b` }],
        total_count: 6,
        pages: { next: page < 2 ? { starting_after: String(page + 1) } : null },
      },
    };
  };

  it('without resultsPath: the first page, as the API returns it', async () => {
    server.on('POST', '/contacts/search', search('data'));
    const page = await runner.run('list_users');
    expect(page.data).toEqual([{ id: 'u0a' }, { id: 'u0b' }]);
    expect(server.requests).toHaveLength(1);
  });

  it('resultsPath "users" (v1 key) reads the rows key, gathered over all pages', async () => {
    server.on('POST', '/contacts/search', search('data'));
    const rows = await runner.run('list_users', { resultsPath: 'users' });
    expect(rows.map((r: any) => r.id)).toEqual(['u0a', 'u0b', 'u1a', 'u1b', 'u2a', 'u2b']);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2].json).toMatchObject({ pagination: { per_page: 2, starting_after: '2' } });
  });

  it('maxItems caps the rows and stops asking for pages', async () => {
    server.on('POST', '/contacts/search', search('data'));
    const rows = await runner.run('list_users', { resultsPath: 'data' }, { maxItems: 3 });
    expect(rows).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });

  it('a nested resultsPath and a non-paginated target', async () => {
    server.on('GET', '/tags', { body: { type: 'list', data: [{ id: '1', name: 'a' }, { id: '2', name: 'b' }] } });
    expect(await runner.run('list_tags', { resultsPath: 'tags' })).toEqual([{ id: '1', name: 'a' }, { id: '2', name: 'b' }]);
    expect(await runner.run('list_tags', { resultsPath: 'type' })).toEqual(['list']);
    expect(await runner.run('list_tags', { resultsPath: 'nothing.here' })).toEqual([]);
  });

  it('resultsPath is never sent to Intercom, and must be a string', async () => {
    server.on('GET', '/data_attributes', { body: { type: 'list', data: [{ name: 'email' }] } });
    expect(await runner.run('list_data_attributes_for_customers', { resultsPath: 'data_attributes' })).toEqual([{ name: 'email' }]);
    expect(server.requests[0].rawQuery).toBe('model=contact');
    expect((await failure(runner.run('list_tags', { resultsPath: { a: 1 } as any }))).code).toBe('INVALID_PARAMS');
  });

  it('resultsPath follows own properties only: "__proto__", "constructor" never reach Object.prototype', async () => {
    server.on('POST', '/contacts/search', search('data'));
    server.on('GET', '/tags', { body: { type: 'list', data: [{ id: '1', name: 'a' }] } });
    for (const resultsPath of ['__proto__', 'constructor', 'toString', 'data.__proto__', 'users.constructor', 'hasOwnProperty']) {
      for (const name of ['list_users', 'list_tags']) {
        const rows = await runner.run(name, { resultsPath });
        expect(rows, `${name} ${resultsPath}`).toEqual([]);
      }
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('resultsPath that names no key ("", ".", " . ") is INVALID_PARAMS naming it; nothing sent', async () => {
    for (const resultsPath of ['', '.', ' . ', '..']) {
      const error = await failure(runner.run('list_users', { resultsPath }));
      expect(error.code).toBe('INVALID_PARAMS');
      expect(error.issues.map((i) => i.path)).toEqual(['/resultsPath']);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('no progress: empty pages with fresh cursors stop paging after the first, and say so (run with resultsPath, iterate)', async () => {
    // Every page: no rows, a new cursor. Without the rule this pages forever.
    server.on('POST', '/contacts/search', ({ count }) => ({
      body: { type: 'list', data: [], total_count: 0, pages: { next: { starting_after: `fresh-${count}` } } },
    }));
    const warnings: Warning[] = [];
    expect(await runner.run('list_users', { resultsPath: 'users' }, { onWarning: (w) => warnings.push(w) })).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(warnings).toEqual([{ operation: 'list_users', kind: 'paging', field: 'data', message: expect.stringMatching(/paging stopped at page 1: it has no rows but offers another page/) }]);
    const rows = [];
    for await (const row of runner.iterate('list_users', {}, { onWarning: (w) => warnings.push(w) })) rows.push(row);
    expect(rows).toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(warnings).toHaveLength(2);
  });

  it('no progress after rows: the rows already answered are kept', async () => {
    server.on('POST', '/contacts/search', ({ count }) => ({
      body: { type: 'list', data: count === 0 ? [{ id: 'only' }] : [], pages: { next: { starting_after: `fresh-${count}` } } },
    }));
    expect(await runner.run('list_users', { resultsPath: 'data' })).toEqual([{ id: 'only' }]);
    expect(server.requests).toHaveLength(2);
  });

  it('iterate() streams a v1 list lazily', async () => {
    server.on('POST', '/contacts/search', search('data'));
    const iterator = runner.iterate('list_users')[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    expect(server.requests).toHaveLength(1);
    const rest = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    expect(rest).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('iterate() of a v1 read that answers one object (no rowSchema) is UNSUPPORTED before anything is sent', async () => {
    const error = await failure((async () => {
      for await (const _row of runner.iterate('list_tags')) void _row;
    })());
    expect(error).toMatchObject({ code: 'UNSUPPORTED', operation: 'list_tags' });
    expect(error.message).toMatch(/answers one object, not rows/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('dry run of multi-call operations', () => {
  it('plans the lookup, ends the plan there and names the pending step; no token, no network', async () => {
    const plan = await runner.run('archive_user', { email: 'a@example.com' }, { dryRun: true, token: undefined });
    expect(plan).toEqual({
      dryRun: true,
      operation: 'archive_user',
      requests: [
        {
          method: 'POST',
          url: `${server.url}/contacts/search`,
          headers: expect.objectContaining({ Authorization: 'Bearer ***', 'Intercom-Version': '2.10', 'Content-Type': 'application/json' }),
          body: { query: { field: 'email', operator: '=', value: 'a@example.com' } },
        },
      ],
      pending: ['ArchiveContact'],
    });
    expect(server.requests).toHaveLength(0);
  });

  it('independent calls (tag batches) are all planned', async () => {
    const plan = await runner.run('tag_users', { name: 'VIP', users: ['1', '2', '3', '4', '5'] }, { dryRun: true });
    expect(plan.requests.map((r: any) => r.body.users.length)).toEqual([2, 2, 1]);
    expect(plan.pending).toBeUndefined();
    expect(JSON.stringify(plan)).not.toContain(TOKEN);
  });

  it('a list plans its first page; a legacy route is planned too', async () => {
    const list = await runner.run('list_users', { resultsPath: 'users' }, { dryRun: true });
    expect(list.requests).toHaveLength(1);
    expect(list.requests[0].url).toBe(`${server.url}/contacts/search`);
    // A runner without baseUrl (an undefined per-call option keeps the runner's default: it cannot unset it).
    const regional = createRunner({ registry: loadRegistry(REGISTRY), bindings: BINDINGS });
    const legacy = await regional.run('delete_visitor_by_id', { id: 'v 1' }, { dryRun: true, region: 'eu' });
    expect(legacy.requests).toEqual([expect.objectContaining({ method: 'DELETE', url: 'https://api.eu.intercom.io/visitors/v%201', body: null })]);
    expect(server.requests).toHaveLength(0);
  });

  it('bindings given as a loader are loaded on the first v1 call, once; a failed load is tried again by the next call', async () => {
    let loads = 0;
    const loader = async () => {
      loads++;
      if (loads === 1) throw new Error('catalog import failed');
      return BINDINGS;
    };
    const lazy = createRunner({ registry: loadRegistry(REGISTRY), bindings: loader });
    expect(await lazy.run('retrieveAdmin', { id: 1 }, { dryRun: true }).then(() => loads)).toBe(0);
    await expect(lazy.run('delete_visitor_by_id', { id: 'v1' }, { dryRun: true })).rejects.toThrow(/catalog import failed/);
    for (let i = 0; i < 3; i++) {
      const plan = await lazy.run('delete_visitor_by_id', { id: 'v1' }, { dryRun: true, baseUrl: server.url });
      expect(plan.requests[0].url).toBe(`${server.url}/visitors/v1`);
    }
    expect(loads).toBe(2);
  });

  it('a binding that catches (or has a finally) around the lookup cannot break the plan', async () => {
    for (const name of ['swallowing_lookup', 'finally_lookup']) {
      const plan = await runner.run(name, { email: 'a@example.com' }, { dryRun: true });
      expect(plan.requests.map((r: any) => `${r.method} ${r.url.replace(server.url, '')}`), name).toEqual(['POST /contacts/search']);
      expect(plan.pending, name).toEqual(['ArchiveContact']);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('invalid params are still INVALID_PARAMS in a dry run', async () => {
    expect((await failure(runner.run('get_admin', { id: 'abc' }, { dryRun: true }))).code).toBe('INVALID_PARAMS');
  });
});

describe('a failure after earlier calls succeeded', () => {
  it('carries completedCalls and says which batches were applied', async () => {
    server.on('POST', '/tags', ({ count }) =>
      count < 2 ? { body: { type: 'tag', id: '1' } } : { status: 422, body: { type: 'error.list', errors: [{ code: 'invalid', message: 'nope' }] } },
    );
    const error = await failure(runner.run('tag_users', { name: 'VIP', users: ['1', '2', '3', '4', '5'] }));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 422, operation: 'tag_users' });
    expect(error.completedCalls).toEqual([
      { operation: 'createTag', method: 'POST', url: `${server.url}/tags`, status: 200 },
      { operation: 'createTag', method: 'POST', url: `${server.url}/tags`, status: 200 },
    ]);
    expect(error.message).toContain('2 earlier calls had already succeeded');
    expect(JSON.parse(JSON.stringify(error)).completedCalls).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });
});

describe('another registry (another spec version’s generated output)', () => {
  // As in 2.11: retrieveAdmin's path param is {admin_id} (a string), lisDataAttributes is listDataAttributes.
  const admin = api('retrieveAdmin');
  admin.path = '/admins/{admin_id}';
  admin.parameters = [{ name: 'admin_id', in: 'path', required: true, style: 'simple', explode: false }];
  admin.paramsSchema = { type: 'object', properties: { admin_id: { type: 'string' } }, required: ['admin_id'], additionalProperties: false };
  const attributes = api('lisDataAttributes');
  attributes.name = 'listDataAttributes';
  attributes.operationId = 'listDataAttributes';
  const other: RegistryData = {
    version: '2.11',
    operations: [
      admin,
      attributes,
      v1('get_admin', ['retrieveAdmin'], { id: str }, { readOnly: true }),
      v1('list_data_attributes_for_customers', ['lisDataAttributes'], { ...RESULTS_PATH }, { resultsPath: true }, { lisDataAttributes: 'listDataAttributes' }),
    ],
  };

  it('maps positional path values to the target’s own names and resolves renamed operationIds', async () => {
    const r = createRunner({ registry: loadRegistry(other), bindings: BINDINGS, token: TOKEN, baseUrl: server.url });
    server.on('GET', '/admins/{id}', ({ params }) => ({ body: { id: params.id } }));
    server.on('GET', '/data_attributes', { body: { type: 'list', data: [] } });
    expect(await r.run('get_admin', { id: '7' })).toEqual({ id: '7' });
    await r.run('list_data_attributes_for_customers', {});
    expect(server.requests.map((q) => `${q.path} ${q.headers['intercom-version']}`)).toEqual(['/admins/7 2.11', '/data_attributes 2.11']);
    expect(Object.keys(r.operations)).toEqual(['retrieveAdmin', 'listDataAttributes', 'get_admin', 'list_data_attributes_for_customers']);
  });

  it('a dry run names pending steps as this registry does (canonical lisDataAttributes → listDataAttributes)', async () => {
    const entry = v1('admin_then_attributes', ['retrieveAdmin', 'lisDataAttributes'], { id: str }, { readOnly: true }, { lisDataAttributes: 'listDataAttributes' });
    const r = createRunner({ registry: loadRegistry({ ...other, operations: [...other.operations, entry] }), bindings: BINDINGS, baseUrl: server.url });
    const plan = await r.run('admin_then_attributes', { id: '7' }, { dryRun: true });
    expect(plan.requests.map((q: any) => q.url.replace(server.url, ''))).toEqual(['/admins/7']);
    expect(plan.pending).toEqual(['listDataAttributes']);
  });

  it('a malformed registry is refused when loaded (CONFIG)', () => {
    const broken = { version: '2.11', operations: [{ ...admin, method: 'FETCH' }] };
    expect(() => loadRegistry(broken as any)).toThrow(/malformed/);
  });
});

describe('the real v1 bindings (operations/index.ts, export v1Bindings) on the default runner', () => {
  it('every v1 entry of the generated registry has a binding', async () => {
    const { v1Bindings } = await import('../operations/index.js');
    const v1Names = generated.operations.filter((e) => e.kind === 'v1').map((e) => e.name);
    expect(v1Names).toHaveLength(57);
    for (const name of v1Names) expect(typeof v1Bindings[name], name).toBe('function');
  });

  it('get_admin, archive_user and create_tag batches go on the wire through the same run()', async () => {
    const real = createRunner({ token: TOKEN, baseUrl: server.url });
    server.on('GET', '/admins/{id}', ({ params }) => ({ body: { type: 'admin', id: params.id } }));
    server.on('POST', '/contacts/search', { body: { type: 'list', data: [{ id: 'c1', role: 'user' }], total_count: 1 } });
    server.on('POST', '/contacts/{id}/archive', ({ params }) => ({ body: { id: params.id, archived: true } }));
    expect(await real.run('get_admin', { id: '991267921' })).toEqual({ type: 'admin', id: '991267921' });
    expect(await real.run('archive_user', { email: 'a@example.com' })).toMatchObject({ archived: true });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /admins/991267921',
      'POST /contacts/search',
      'POST /contacts/c1/archive',
    ]);

    server.reset();
    server.on('POST', '/tags', ({ count }) => (count < 2 ? { body: { type: 'tag', id: '5', name: 'VIP' } } : { status: 500, body: {} }));
    const users = Array.from({ length: 120 }, (_, i) => ({ id: `u${i}` }));
    const error = await failure(real.run('create_tag', { $body: { name: 'VIP', users } }, { maxRetries: 0 }));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 500, operation: 'create_tag' });
    expect(error.completedCalls?.map((c) => `${c.operation} ${c.status}`)).toEqual(['createTag 200', 'createTag 200']);
    expect(server.requests.map((r) => (r.json as any).users.length)).toEqual([50, 50, 20]);
  });

  it('a bad value for a legacy route is named by the caller’s parameter (/id), not the route slot; nothing sent', async () => {
    const real = createRunner({ token: TOKEN, baseUrl: server.url });
    for (const name of ['get_visitor', 'delete_visitor_by_id']) {
      for (const id of ['', '..']) {
        const error = await failure(real.run(name, { id }));
        expect(error.code).toBe('INVALID_PARAMS');
        expect(error.issues.map((i) => i.path), `${name} ${JSON.stringify(id)}`).toEqual(['/id']);
      }
    }
    expect(server.requests).toHaveLength(0);
  });

  it('dry run: a lookup names the steps that may follow; a list’s first page ends the plan with nothing pending', async () => {
    const real = createRunner({ baseUrl: server.url });
    const archive = await real.run('archive_user', { email: 'a@example.com' }, { dryRun: true });
    expect(archive.requests.map((r: any) => `${r.method} ${r.url.replace(server.url, '')}`)).toEqual(['POST /contacts/search']);
    expect(archive.pending).toEqual(['ArchiveContact']);
    const list = await real.run('list_conversations', {}, { dryRun: true });
    expect(list.requests).toHaveLength(1);
    expect(list.pending).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });
});
