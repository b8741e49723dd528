/**
 * The v1 company, tag, event and count operations, run through the real runtime (`run()` of a
 * runner over the generated API registry plus these operations' catalog entries) against a real
 * HTTP server: the exact requests sent (method, path, query, body, in order), multi-call failure
 * paths, invalid input (nothing sent) and dry-run plans.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transformV1Operation } from '../generator/transform/v1-operations.js';
import { bindingFunction } from '../operations/data-binding.js';
import { targets } from '../operations/targets.js';
import type { V1Operation } from '../operations/types.js';
import createCompany from '../operations/v1/create_company.js';
import createEvent from '../operations/v1/create_event.js';
import createTag, { USERS_PER_TAG_REQUEST } from '../operations/v1/create_tag.js';
import deleteCompany from '../operations/v1/delete_company.js';
import deleteCompanyById from '../operations/v1/delete_company_by_id.js';
import deleteTag from '../operations/v1/delete_tag.js';
import getCompany from '../operations/v1/get_company.js';
import getCount from '../operations/v1/get_count.js';
import listCompanies from '../operations/v1/list_companies.js';
import listEventsForUser from '../operations/v1/list_events_for_user.js';
import listTags from '../operations/v1/list_tags.js';
import listUsersForCompany from '../operations/v1/list_users_for_company.js';
import scrollCompanies from '../operations/v1/scroll_companies.js';
import updateCompany from '../operations/v1/update_company.js';
import updateTag from '../operations/v1/update_tag.js';
import pinnedPacked from '../generated/pinned.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { loadRegistry } from '../runtime/registry-data.js';
import type { ApiOperationEntry, RegistryData } from '../runtime/registry-types.js';
import { createRunner, type Runner } from '../entry/index.js';
import { errorList, startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { V1_OPERATION_LIST } from './support/shared.js';
import { normaliseSeedType, readSeedList } from './support/v1-seed.js';
import { failure } from './support/failure.js';

const pinnedRegistry = unpackRegistry(pinnedPacked);

const MINE: V1Operation[] = [
  createCompany,
  updateCompany,
  deleteCompany,
  deleteCompanyById,
  getCompany,
  listCompanies,
  listUsersForCompany,
  scrollCompanies,
  createTag,
  updateTag,
  deleteTag,
  listTags,
  createEvent,
  listEventsForUser,
  getCount,
];

const TOKEN = 'tok_v1_companies_tags_9a7c';

/** The generated API entries plus catalog entries for these operations, as the generator builds them. */
function buildRunner(): Runner {
  const generated: RegistryData = structuredClone(pinnedRegistry);
  const api = generated.operations.filter((e): e is ApiOperationEntry => e.kind === 'api');
  const v1 = MINE.map((op) => transformV1Operation(op, { version: generated.version, targets, api }));
  const bindings = Object.fromEntries(MINE.map((op) => [op.name, bindingFunction(op)]));
  const registry = loadRegistry({ version: generated.version, operations: [...api, ...v1] }, 'test');
  return createRunner({ registry, bindings, now: () => 1_700_000_000 });
}

let server: IntercomServer;
let runner: Runner;
let warnings: Array<{ operation: string; field: string; message: string }>;

beforeAll(async () => {
  server = await startIntercomServer();
  runner = buildRunner();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset({ routes: true });
  warnings = [];
});

function run(name: string, params: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return runner.run(name, params, { token: TOKEN, baseUrl: server.url, onWarning: (w) => warnings.push(w), ...options });
}

/** What went on the wire, in order: method, raw path, decoded query, JSON body. */
function sent() {
  return server.requests.map((r) => ({
    method: r.method,
    path: r.path,
    ...(r.rawQuery ? { query: Object.fromEntries(r.query) } : {}),
    ...(r.json !== undefined ? { body: r.json } : {}),
  }));
}

const company = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'company', id, company_id: `c-${id}`, name: `Co ${id}`, ...extra });
const companyList = (rows: unknown[], page = 1, totalPages = 1, total = rows.length) => ({
  type: 'list',
  data: rows,
  total_count: total,
  pages: { type: 'pages', page, per_page: 15, total_pages: totalPages },
});
const contactList = (ids: string[], total = ids.length) => ({
  type: 'list',
  data: ids.map((id) => ({ type: 'contact', id, role: 'user' })),
  total_count: total,
  pages: { type: 'pages', page: 1, per_page: 2, total_pages: 1 },
});
const searchBody = (role: string, key: string, value: string) => ({
  query: { operator: 'AND', value: [{ field: 'role', operator: '=', value: role }, { field: key, operator: '=', value }] },
  pagination: { per_page: 2 },
});

describe('catalog entries agree with the v1 operation list (seed 003)', () => {
  const seed = new Map(readSeedList(V1_OPERATION_LIST).map((op) => [op.name, op]));

  it.each(MINE.map((op) => [op.name, op] as const))('%s: same parameters, required flags, enums and types', (name, op) => {
    const entry = seed.get(name);
    expect(entry, `${name} is in the seed list`).toBeDefined();
    const documented = entry!.params.filter((p) => p.name !== '$body' && p.name !== 'resultsPath');
    expect(op.params.map((p) => p.name).sort()).toEqual(documented.map((p) => p.name).sort());
    for (const p of documented) {
      const mine = op.params.find((q) => q.name === p.name)!;
      expect(mine.required, `${name}.${p.name} required`).toBe(p.required);
      expect(mine.enum, `${name}.${p.name} enum`).toEqual(p.enum);
      if (mine.correction) expect(mine.correction.seedType).toBe(normaliseSeedType(p.type));
      else expect(mine.type, `${name}.${p.name} type`).toBe(normaliseSeedType(p.type));
    }
    expect(op.resultsPath !== undefined).toBe(entry!.params.some((p) => p.name === 'resultsPath'));
    expect(op.body !== undefined).toBe(entry!.params.some((p) => p.name === '$body'));
  });
});

describe('companies', () => {
  it('create_company sends only the writable fields, truncates monthly_spend, warns about the rest', async () => {
    server.on('POST', '/companies', { body: company('6657') });
    const answer = await run('create_company', {
      $body: {
        company_id: 'acme-1',
        name: 'Acme',
        plan: 'pro',
        size: 80,
        website: 'https://acme.test',
        industry: 'Anvils',
        custom_attributes: { tier: 'gold' },
        remote_created_at: 1394531169,
        monthly_spend: 155.98,
        id: '5f0000',
        type: 'company',
        user_count: 4,
        session_count: 9,
        tags: { tags: [] },
      },
    });
    expect(answer).toEqual(company('6657'));
    expect(sent()).toEqual([
      {
        method: 'POST',
        path: '/companies',
        body: {
          company_id: 'acme-1',
          name: 'Acme',
          plan: 'pro',
          size: 80,
          website: 'https://acme.test',
          industry: 'Anvils',
          custom_attributes: { tier: 'gold' },
          remote_created_at: 1394531169,
          monthly_spend: 155,
        },
      },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['id', 'type', 'user_count', 'session_count', 'tags']);
    expect(warnings.every((w) => w.operation === 'create_company')).toBe(true);
  });

  it('update_company calls createOrUpdateCompany the same way', async () => {
    server.on('POST', '/companies', { body: company('6657') });
    await run('update_company', { $body: { company_id: 'acme-1', plan: 'enterprise', created_at: 1 } });
    expect(sent()).toEqual([{ method: 'POST', path: '/companies', body: { company_id: 'acme-1', plan: 'enterprise' } }]);
    expect(warnings.map((w) => w.field)).toEqual(['created_at']);
    // An update needs the lookup key: without it 2.x would create a new company.
    const error = await failure(run('update_company', { $body: { id: '5f0', name: 'Acme' } }));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.issues?.map((i) => i.path)).toContain('/$body/company_id');
    expect(server.requests).toHaveLength(1);
  });

  it('create_company: invalid bodies send nothing', async () => {
    for (const params of [
      {},
      { $body: { company_id: 'a', size: 'big' } },
      { $body: { company_id: 'a', remote_created_at: 'yesterday' } },
      { $body: 'acme' },
      { $body: { company_id: 'a' }, extra: 1 },
    ]) {
      const error = await failure(run('create_company', params));
      expect(error.code, JSON.stringify(params)).toBe('INVALID_PARAMS');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('delete_company looks the company up by company_id (the list\'s user_id), then deletes it by id', async () => {
    server.on('GET', '/companies', { body: companyList([company('6657', { company_id: 'acme-1' })]) });
    server.on('DELETE', '/companies/{id}', ({ params }) => ({ body: { id: params.id, object: 'company', deleted: true } }));
    const answer = await run('delete_company', { user_id: 'acme-1' });
    expect(answer).toEqual({ id: '6657', object: 'company', deleted: true });
    expect(sent()).toEqual([
      { method: 'GET', path: '/companies', query: { company_id: 'acme-1' } },
      { method: 'DELETE', path: '/companies/6657' },
    ]);
  });

  it('delete_company: no such company → NOT_FOUND, nothing deleted; no user_id → INVALID_PARAMS, nothing sent', async () => {
    server.on('GET', '/companies', errorList(404, 'company_not_found', 'Company Not Found'));
    const notFound = await failure(run('delete_company', { user_id: 'nope' }));
    expect(notFound.code).toBe('NOT_FOUND');
    expect(notFound.lookup).toEqual({ company_id: 'nope' });
    expect(sent().map((r) => r.method)).toEqual(['GET']);

    server.reset();
    server.on('GET', '/companies', { body: companyList([]) });
    expect((await failure(run('delete_company', { user_id: 'nope' }))).code).toBe('NOT_FOUND');
    expect(sent().map((r) => r.method)).toEqual(['GET']);

    server.reset();
    const missing = await failure(run('delete_company', {}));
    expect(missing.code).toBe('INVALID_PARAMS');
    expect(missing.issues).toEqual([{ path: '/user_id', message: expect.stringContaining('required') }]);
    expect((await failure(run('delete_company', { user_id: 'a', id: 'b' }))).code).toBe('INVALID_PARAMS');
    expect(server.requests).toHaveLength(0);
  });

  it('delete_company_by_id and get_company put the id in the path', async () => {
    server.on('DELETE', '/companies/{id}', { body: { id: 'x', object: 'company', deleted: true } });
    server.on('GET', '/companies/{id}', ({ params }) => ({ body: company(params.id) }));
    await run('delete_company_by_id', { id: '5f1a' });
    expect(await run('get_company', { id: 'a/b' })).toEqual(company('a/b'));
    expect(sent()).toEqual([
      { method: 'DELETE', path: '/companies/5f1a' },
      { method: 'GET', path: '/companies/a%2Fb' },
    ]);
    expect((await failure(run('get_company', {}))).code).toBe('INVALID_PARAMS');
    expect((await failure(run('delete_company_by_id', { id: 7, force: true }))).code).toBe('INVALID_PARAMS');
    expect(server.requests).toHaveLength(2);
  });

  describe('list_companies', () => {
    beforeEach(() => {
      server.on('GET', '/companies', { body: companyList([company('1')]) });
      server.on('POST', '/companies/list', { body: companyList([company('2')]) });
      server.on('GET', '/companies/{id}/contacts', { body: contactList(['u1', 'u2']) });
    });

    it('no filter → retrieveCompany; filters → its query; tag_id sent as the string 2.x declares', async () => {
      expect(await run('list_companies', {})).toEqual(companyList([company('1')]));
      await run('list_companies', { tag_id: 17513 });
      await run('list_companies', { tag_id: '42' });
      await run('list_companies', { segment_id: '58135df83917e42135b2ea29' });
      await run('list_companies', { company_id: 'acme-1' });
      await run('list_companies', { name: 'Acme Inc' });
      expect(sent()).toEqual([
        { method: 'GET', path: '/companies' },
        { method: 'GET', path: '/companies', query: { tag_id: '17513' } },
        { method: 'GET', path: '/companies', query: { tag_id: '42' } },
        { method: 'GET', path: '/companies', query: { segment_id: '58135df83917e42135b2ea29' } },
        { method: 'GET', path: '/companies', query: { company_id: 'acme-1' } },
        { method: 'GET', path: '/companies', query: { name: 'Acme Inc' } },
      ]);
      expect(server.requests[5].rawQuery).toBe('name=Acme%20Inc');
    });

    it('order → listAllCompanies', async () => {
      expect(await run('list_companies', { order: 'desc' })).toEqual(companyList([company('2')]));
      expect(sent()).toEqual([{ method: 'POST', path: '/companies/list', query: { order: 'desc' } }]);
    });

    it('type "user" → retrieveCompany lookup → ListAttachedContacts', async () => {
      server.on('GET', '/companies', { body: companyList([company('6657', { company_id: 'acme-1' })]) });
      expect(await run('list_companies', { type: 'user', company_id: 'acme-1' })).toEqual(contactList(['u1', 'u2']));
      await run('list_companies', { type: 'user', name: 'Co 6657' });
      expect(sent()).toEqual([
        { method: 'GET', path: '/companies', query: { company_id: 'acme-1' } },
        { method: 'GET', path: '/companies/6657/contacts' },
        { method: 'GET', path: '/companies', query: { name: 'Co 6657' } },
        { method: 'GET', path: '/companies/6657/contacts' },
      ]);
    });

    it('resultsPath gathers the rows of every page (v1 key "companies" reads data)', async () => {
      server.on('GET', '/companies', ({ request }) => {
        const page = Number(request.query.get('page') ?? '1');
        return { body: companyList([company(`p${page}a`), company(`p${page}b`)], page, 2, 4) };
      });
      const rows = await run('list_companies', { tag_id: 5, resultsPath: 'companies' });
      expect(rows).toEqual([company('p1a'), company('p1b'), company('p2a'), company('p2b')]);
      expect(sent()).toEqual([
        { method: 'GET', path: '/companies', query: { tag_id: '5' } },
        { method: 'GET', path: '/companies', query: { tag_id: '5', page: '2' } },
      ]);
    });

    it('broken rules and combinations 2.x cannot encode send nothing', async () => {
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ tag_id: 1, segment_id: 'abc' }, 'INVALID_PARAMS', '/tag_id'],
        [{ type: 'lead', company_id: 'a' }, 'INVALID_PARAMS', '/type'],
        [{ type: 'user' }, 'INVALID_PARAMS', '/company_id'],
        [{ order: 'sideways' }, 'INVALID_PARAMS', '/order'],
        [{ tag_id: 'vip' }, 'INVALID_PARAMS', '/tag_id'],
        [{ tag_id: 1.5 }, 'INVALID_PARAMS', '/tag_id'],
        [{ page: 2 }, 'INVALID_PARAMS', '/page'],
        [{ order: 'asc', tag_id: 3 }, 'UNSUPPORTED', 'order'],
        [{ type: 'user', company_id: 'a', segment_id: 's' }, 'UNSUPPORTED', 'segment_id'],
      ];
      for (const [params, code, where] of cases) {
        const error = await failure(run('list_companies', params));
        expect(error.code, JSON.stringify(params)).toBe(code);
        if (code === 'INVALID_PARAMS') expect(error.issues?.map((i) => i.path), JSON.stringify(params)).toContain(where);
        else expect(error.parameter).toBe(where);
      }
      expect(server.requests).toHaveLength(0);
    });

    it('type "user" for a company that does not exist → NOT_FOUND after the one lookup', async () => {
      server.on('GET', '/companies', errorList(404, 'company_not_found', 'Company Not Found'));
      const error = await failure(run('list_companies', { type: 'user', company_id: 'ghost' }));
      expect(error.code).toBe('NOT_FOUND');
      expect(sent()).toEqual([{ method: 'GET', path: '/companies', query: { company_id: 'ghost' } }]);
    });
  });

  it('list_users_for_company → ListAttachedContacts; resultsPath "users" reads data', async () => {
    server.on('GET', '/companies/{id}/contacts', { body: contactList(['u1', 'u2']) });
    expect(await run('list_users_for_company', { id: '6657' })).toEqual(contactList(['u1', 'u2']));
    expect(await run('list_users_for_company', { id: '6657', resultsPath: 'users' })).toEqual(contactList(['u1', 'u2']).data);
    expect(sent()).toEqual([
      { method: 'GET', path: '/companies/6657/contacts' },
      { method: 'GET', path: '/companies/6657/contacts' },
    ]);
    expect((await failure(run('list_users_for_company', {}))).code).toBe('INVALID_PARAMS');
    expect(server.requests).toHaveLength(2);
  });

  it('iterate(scroll_companies) streams every row over the scroll (3 pages, then the empty page)', async () => {
    server.on('GET', '/companies/scroll', ({ request }) => {
      const n = Number(request.query.get('scroll_param')?.slice(3) ?? 1);
      const rows = n <= 3 ? [company(`${n}a`), company(`${n}b`)] : [];
      return { body: { type: 'list', data: rows, scroll_param: `sp-${n + 1}` } };
    });
    const ids: string[] = [];
    for await (const row of runner.iterate('scroll_companies', {}, { token: TOKEN, baseUrl: server.url })) ids.push(row.id);
    expect(ids).toEqual(['1a', '1b', '2a', '2b', '3a', '3b']);
    expect(server.requests.map((r) => r.query.get('scroll_param'))).toEqual([null, 'sp-2', 'sp-3', 'sp-4']);
  });

  it('scroll_companies: scroll → scroll_param', async () => {
    server.on('GET', '/companies/scroll', { body: { type: 'list', data: [company('1')], scroll_param: 'sp-2' } });
    expect(await run('scroll_companies', {})).toEqual({ type: 'list', data: [company('1')], scroll_param: 'sp-2' });
    await run('scroll_companies', { scroll: 'sp-2' });
    expect(sent()).toEqual([
      { method: 'GET', path: '/companies/scroll' },
      { method: 'GET', path: '/companies/scroll', query: { scroll_param: 'sp-2' } },
    ]);
    expect((await failure(run('scroll_companies', { scroll_param: 'x' }))).code).toBe('INVALID_PARAMS');
    expect(server.requests).toHaveLength(2);
  });
});

describe('tags', () => {
  const tagAnswer = { type: 'tag', id: '17513', name: 'Independent' };
  beforeEach(() => {
    server.on('POST', '/tags', { body: tagAnswer });
    server.on('DELETE', '/contacts/{contact}/tags/{tag}', ({ params }) => ({ body: { type: 'tag', id: params.tag, name: 'Independent' } }));
  });

  it('create_tag with a name creates the tag; with an id it renames it; type is dropped with a warning', async () => {
    expect(await run('create_tag', { $body: { name: 'Independent' } })).toEqual(tagAnswer);
    await run('create_tag', { $body: { name: 'Renamed', id: '17513', type: 'tag' } });
    expect(sent()).toEqual([
      { method: 'POST', path: '/tags', body: { name: 'Independent' } },
      { method: 'POST', path: '/tags', body: { name: 'Renamed', id: '17513' } },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['type']);
  });

  it('companies (tag and untag entries mixed) go to one createTag call as given', async () => {
    const companies = [{ id: '5f1' }, { company_id: 'acme-1', untag: true }, { company_id: 'acme-2', untag: false }];
    await run('create_tag', { $body: { name: 'Independent', companies } });
    expect(sent()).toEqual([{ method: 'POST', path: '/tags', body: { name: 'Independent', companies } }]);
  });

  it('users by email / user_id are looked up first, then tagged by Intercom id', async () => {
    server.on('POST', '/contacts/search', ({ request }) => {
      const value = (request.json as any).query.value[1].value as string;
      return { body: contactList([`id-${value}`]) };
    });
    await run('create_tag', {
      $body: { name: 'Independent', users: [{ id: '53427b' }, { user_id: '22' }, { email: 'wash@serenity.io' }, { user_id: '22' }] },
    });
    expect(sent()).toEqual([
      { method: 'POST', path: '/contacts/search', body: searchBody('user', 'external_id', '22') },
      { method: 'POST', path: '/contacts/search', body: searchBody('user', 'email', 'wash@serenity.io') },
      {
        method: 'POST',
        path: '/tags',
        body: { name: 'Independent', users: [{ id: '53427b' }, { id: 'id-22' }, { id: 'id-wash@serenity.io' }, { id: 'id-22' }] },
      },
    ]);
  });

  it(`more than ${USERS_PER_TAG_REQUEST} users are tagged in batches of ${USERS_PER_TAG_REQUEST}, in order`, async () => {
    const users = Array.from({ length: 120 }, (_, i) => ({ id: `u${i + 1}` }));
    await run('create_tag', { $body: { name: 'Independent', users } });
    const requests = sent();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /tags', 'POST /tags', 'POST /tags']);
    expect(requests.map((r) => (r.body as any).users.length)).toEqual([50, 50, 20]);
    expect(requests.flatMap((r) => (r.body as any).users)).toEqual(users);
    expect(requests.every((r) => (r.body as any).name === 'Independent')).toBe(true);
  });

  it('untag entries → detachTagFromContact with the tag id answered by createTag; mixed with tag entries', async () => {
    server.on('POST', '/contacts/search', { body: contactList(['c-wash']) });
    await run('create_tag', {
      $body: { name: 'Independent', users: [{ id: 'u1' }, { email: 'wash@serenity.io', untag: true }, { id: 'u3', untag: false }] },
    });
    expect(sent()).toEqual([
      { method: 'POST', path: '/contacts/search', body: searchBody('user', 'email', 'wash@serenity.io') },
      { method: 'POST', path: '/tags', body: { name: 'Independent', users: [{ id: 'u1' }, { id: 'u3' }] } },
      { method: 'DELETE', path: '/contacts/c-wash/tags/17513' },
    ]);
  });

  it('untag only: the tag is still sent (v1 created it if missing); $body.id is used when given', async () => {
    await run('create_tag', { $body: { name: 'Independent', users: [{ id: 'u1', untag: true }] } });
    await run('create_tag', { $body: { name: 'Independent', id: '99', users: [{ id: 'u1', untag: true }, { id: 'u2', untag: true }] } });
    expect(sent()).toEqual([
      { method: 'POST', path: '/tags', body: { name: 'Independent' } },
      { method: 'DELETE', path: '/contacts/u1/tags/17513' },
      { method: 'POST', path: '/tags', body: { name: 'Independent', id: '99' } },
      { method: 'DELETE', path: '/contacts/u1/tags/99' },
      { method: 'DELETE', path: '/contacts/u2/tags/99' },
    ]);
  });

  it('a user that is not found, or not unique, writes nothing (all lookups come first)', async () => {
    server.on('POST', '/contacts/search', ({ request }) => {
      const value = (request.json as any).query.value[1].value as string;
      if (value === 'ghost@x.io') return { body: contactList([]) };
      if (value === 'twin') return { body: contactList(['t1', 't2']) };
      return { body: contactList([`id-${value}`]) };
    });
    const users = [{ id: 'u0' }, { email: 'ok@x.io' }, { email: 'ghost@x.io' }];
    const notFound = await failure(run('create_tag', { $body: { name: 'Independent', users } }));
    expect(notFound.code).toBe('NOT_FOUND');
    expect(notFound.lookup).toEqual({ role: 'user', email: 'ghost@x.io' });
    expect(sent().map((r) => r.path)).toEqual(['/contacts/search', '/contacts/search']);

    server.reset();
    const ambiguous = await failure(run('create_tag', { $body: { name: 'Independent', users: [{ user_id: 'twin', untag: true }] } }));
    expect(ambiguous.code).toBe('AMBIGUOUS');
    expect(sent().map((r) => r.path)).toEqual(['/contacts/search']);
  });

  it('an API error half-way says which batches were applied and which were not', async () => {
    server.on('POST', '/tags', [{ body: tagAnswer }, errorList(500, 'server_error', 'boom')]);
    const users = Array.from({ length: 120 }, (_, i) => ({ id: `u${i + 1}` }));
    const error = await failure(run('create_tag', { $body: { name: 'Independent', users: [...users, { id: 'x', untag: true }] } }));
    expect(error.code).toBe('API_ERROR');
    expect(error.status).toBe(500);
    expect(error.message).toContain('tag batch 2 of 3 (users 51–100 of 120 to tag) failed');
    expect(error.message).toContain('Already applied: tag batch 1 of 3 (users 1–50 of 120 to tag)');
    expect(error.message).toContain('Not applied: tag batch 3 of 3 (users 101–120 of 120 to tag); untag user x (1 of 1)');
    expect(error.completedCalls).toEqual([expect.objectContaining({ operation: 'createTag', method: 'POST', status: 200 })]);
    expect(error.message).not.toContain(TOKEN);
    // The 500 is retried per the runtime's policy only for idempotent requests: POST /tags is not.
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /tags', 'POST /tags']);
  });

  it('an untag failing after the tag batch names both', async () => {
    server.on('DELETE', '/contacts/{contact}/tags/{tag}', errorList(404, 'not_found', 'Contact not found'));
    const error = await failure(run('create_tag', { $body: { name: 'Independent', users: [{ id: 'u1' }, { id: 'u2', untag: true }] } }));
    expect(error.code).toBe('API_ERROR');
    expect(error.message).toContain('untag user u2 (1 of 1) failed');
    expect(error.message).toContain('Already applied: tag batch 1 of 1 (users 1 of 1 to tag)');
  });

  it('invalid input sends nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, '/$body'],
      [{ $body: { users: [{ id: 'u1' }] } }, '/$body/name'],
      [{ $body: { name: 'x', users: [{ id: 'u1' }], companies: [{ id: 'c1' }] } }, '/$body/companies'],
      [{ $body: { name: 'x', users: [{ untag: true }] } }, '/$body/users/0'],
      [{ $body: { name: 'x', users: [{ id: 'u1', phone: '1' }] } }, '/$body/users/0/phone'],
      [{ $body: { name: 'x', companies: [{ name: 'Acme' }] } }, '/$body/companies/0/name'],
      [{ $body: { name: 'x', users: 'u1' } }, '/$body/users'],
      [{ $body: { name: 'x', segments: [] } }, '/$body/segments'],
      [{ $body: { name: 'x' }, tag: 'y' }, '/tag'],
    ];
    for (const [params, where] of cases) {
      const error = await failure(run('create_tag', params));
      expect(error.code, JSON.stringify(params)).toBe('INVALID_PARAMS');
      expect(error.issues?.map((i) => i.path), JSON.stringify(params)).toContain(where);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('dry run: batches and untags are planned when the tag id is known; a lookup ends the plan', async () => {
    const users = [...Array.from({ length: 60 }, (_, i) => ({ id: `u${i + 1}` })), { id: 'z', untag: true }];
    const plan = await run('create_tag', { $body: { name: 'Independent', id: '99', users } }, { dryRun: true, token: undefined });
    expect(plan.dryRun).toBe(true);
    expect(plan.requests.map((r: any) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /tags',
      'POST /tags',
      'DELETE /contacts/z/tags/99',
    ]);
    expect(plan.requests.map((r: any) => r.body?.users?.length ?? null)).toEqual([50, 10, null]);
    expect(plan.pending).toBeUndefined();

    const lookup = await run('create_tag', { $body: { name: 'Independent', users: [{ email: 'a@x.io' }] } }, { dryRun: true });
    expect(lookup.requests.map((r: any) => new URL(r.url).pathname)).toEqual(['/contacts/search']);
    // Nothing to untag: only the createTag may follow the lookup.
    expect(lookup.pending).toEqual(['createTag']);
    const lookups = await run(
      'create_tag',
      { $body: { name: 'Independent', users: [{ email: 'a@x.io' }, { user_id: 'u-2', untag: true }] } },
      { dryRun: true },
    );
    expect(lookups.requests.map((r: any) => new URL(r.url).pathname)).toEqual(['/contacts/search']);
    expect(lookups.pending).toEqual(['SearchContacts', 'createTag', 'detachTagFromContact']);

    const untagNeedsAnswer = await run('create_tag', { $body: { name: 'Independent', users: [{ id: 'u', untag: true }] } }, { dryRun: true });
    expect(untagNeedsAnswer.requests.map((r: any) => new URL(r.url).pathname)).toEqual(['/tags']);
    expect(untagNeedsAnswer.pending).toEqual(['detachTagFromContact']);
    expect(server.requests).toHaveLength(0);
  });

  it('update_tag renames by id; delete_tag and list_tags', async () => {
    server.on('DELETE', '/tags/{id}', { status: 202 });
    server.on('GET', '/tags', { body: { type: 'list', data: [tagAnswer] } });
    await run('update_tag', { $body: { id: '17513', name: 'Dependent', type: 'tag' } });
    expect(await run('delete_tag', { id: '17513' })).toBeNull();
    expect(await run('list_tags', {})).toEqual({ type: 'list', data: [tagAnswer] });
    expect(sent()).toEqual([
      { method: 'POST', path: '/tags', body: { name: 'Dependent', id: '17513' } },
      { method: 'DELETE', path: '/tags/17513' },
      { method: 'GET', path: '/tags' },
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['type']);
    for (const [name, params] of [
      ['update_tag', { $body: { name: 'x' } }],
      ['update_tag', { $body: { id: '1', name: 'x', users: [] } }],
      ['delete_tag', {}],
      ['list_tags', { id: '1' }],
    ] as const) {
      expect((await failure(run(name, params))).code, `${name} ${JSON.stringify(params)}`).toBe('INVALID_PARAMS');
    }
    expect(server.requests).toHaveLength(3);
  });
});

describe('events', () => {
  it('create_event passes the body to createDataEvent', async () => {
    server.on('POST', '/events', { status: 202 });
    const $body = { event_name: 'updated-plan', created_at: 1391691571, user_id: '314159', metadata: { plan: 'pro' } };
    expect(await run('create_event', { $body })).toBeNull();
    await run('create_event', { $body: { event_name: 'x', created_at: 1391691571, email: 'a@x.io' } });
    expect(sent()).toEqual([
      { method: 'POST', path: '/events', body: $body },
      { method: 'POST', path: '/events', body: { event_name: 'x', created_at: 1391691571, email: 'a@x.io' } },
    ]);
  });

  it('create_event: invalid bodies send nothing', async () => {
    for (const $body of [
      { event_name: 'x', created_at: 1 },
      { created_at: 1, id: 'u' },
      { event_name: 'x', id: 'u' },
      { event_name: 'x', created_at: 'yesterday', id: 'u' },
      { event_name: 'x', created_at: 1, id: 'u', name: 'n' },
      { event_name: 'x', created_at: 1, id: 'u', metadata: 'm' },
    ]) {
      expect((await failure(run('create_event', { $body }))).code, JSON.stringify($body)).toBe('INVALID_PARAMS');
    }
    expect((await failure(run('create_event', {}))).code).toBe('INVALID_PARAMS');
    // A metadata value the API cannot store is named as the caller's own parameter.
    const nullValue = await failure(run('create_event', { $body: { event_name: 'x', created_at: 1, user_id: 'u', metadata: { n: null } } }));
    expect(nullValue.message).not.toContain('translated');
    expect(nullValue.issues.map((i) => i.path)).toContain('/$body/metadata/n');
    expect(server.requests).toHaveLength(0);
  });

  it('list_events_for_user: the identifier becomes the form-exploded filter, with type and summary', async () => {
    const events = { type: 'event.list', events: [{ event_name: 'x' }], pages: {} };
    server.on('GET', '/events', { body: events });
    expect(await run('list_events_for_user', { type: 'user', user_id: '314159' })).toEqual(events);
    await run('list_events_for_user', { type: 'user', email: 'a+b@x.io', summary: true });
    await run('list_events_for_user', { type: 'user', intercom_user_id: '5f1', summary: 'false' });
    expect(await run('list_events_for_user', { type: 'user', user_id: '1', resultsPath: 'events' })).toEqual(events.events);
    expect(server.requests.map((r) => r.rawQuery)).toEqual([
      'user_id=314159&type=user',
      'email=a%2Bb%40x.io&type=user&summary=true',
      'intercom_user_id=5f1&type=user&summary=false',
      'user_id=1&type=user',
    ]);
    expect(server.requests.every((r) => r.method === 'GET' && r.path === '/events')).toBe(true);
  });

  it('list_events_for_user with resultsPath follows the pages.next URL of every page (on our base URL)', async () => {
    server.on('GET', '/events', ({ request }) =>
      request.query.get('before')
        ? { body: { type: 'event.list', events: [{ id: 'e2' }], pages: {} } }
        : { body: { type: 'event.list', events: [{ id: 'e1' }], pages: { next: 'https://api.intercom.io/events?type=user&user_id=u&before=123' } } },
    );
    expect(await run('list_events_for_user', { type: 'user', user_id: 'u', resultsPath: 'events' })).toEqual([{ id: 'e1' }, { id: 'e2' }]);
    expect(server.requests.map((r) => `${r.path}?${r.rawQuery}`)).toEqual(['/events?user_id=u&type=user', '/events?type=user&user_id=u&before=123']);
  });

  it('list_events_for_user: broken rules send nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ user_id: '1' }, '/type'],
      [{ type: 'lead', user_id: '1' }, '/type'],
      [{ type: 'user' }, '/user_id'],
      [{ type: 'user', user_id: '1', email: 'a@x.io' }, '/email'],
      [{ type: 'user', user_id: '1', summary: 'maybe' }, '/summary'],
      [{ type: 'user', user_id: '1', per_page: 5 }, '/per_page'],
    ];
    for (const [params, where] of cases) {
      const error = await failure(run('list_events_for_user', params));
      expect(error.code, JSON.stringify(params)).toBe('INVALID_PARAMS');
      expect(error.issues?.map((i) => i.path), JSON.stringify(params)).toContain(where);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('get_count', () => {
  const searchTotal = (total: number) => ({ body: { type: 'list', data: [], total_count: total, pages: { type: 'pages' } } });
  const conversationsTotal = (total: number) => ({ body: { type: 'conversation.list', conversations: [], total_count: total, pages: { type: 'pages' } } });
  const tags = { type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }, { type: 'tag', id: '2', name: 'smb' }] };
  const segments = {
    type: 'segment.list',
    segments: [
      { type: 'segment', id: 's1', name: 'Active', count: 7 },
      { type: 'segment', id: 's2', name: 'New', count: null },
    ],
  };

  it('no parameters: app totals in the v1 count shape', async () => {
    server.on('POST', '/companies/list', { body: companyList([company('1')], 1, 55, 55) });
    server.on('POST', '/contacts/search', ({ request }) => searchTotal((request.json as any).query.value === 'user' ? 54944 : 17));
    server.on('GET', '/tags', { body: tags });
    server.on('GET', '/segments', { body: segments });
    expect(await run('get_count', {})).toEqual({
      type: 'count',
      company: { count: 55 },
      user: { count: 54944 },
      lead: { count: 17 },
      tag: { count: 2 },
      segment: { count: 2 },
    });
    expect(sent()).toEqual([
      { method: 'POST', path: '/companies/list', query: { per_page: '1' } },
      { method: 'POST', path: '/contacts/search', body: { query: { field: 'role', operator: '=', value: 'user' }, pagination: { per_page: 1 } } },
      { method: 'POST', path: '/contacts/search', body: { query: { field: 'role', operator: '=', value: 'lead' }, pagination: { per_page: 1 } } },
      { method: 'GET', path: '/tags' },
      { method: 'GET', path: '/segments' },
    ]);
  });

  it('type conversation: open, closed, assigned, unassigned (= open − assigned)', async () => {
    server.on('POST', '/conversations/search', [conversationsTotal(30), conversationsTotal(17), conversationsTotal(26)]);
    expect(await run('get_count', { type: 'conversation' })).toEqual({
      type: 'count',
      conversation: { open: 30, closed: 17, assigned: 26, unassigned: 4 },
    });
    const open = { field: 'open', operator: '=', value: true };
    expect(sent()).toEqual([
      { method: 'POST', path: '/conversations/search', body: { query: open, pagination: { per_page: 1 } } },
      { method: 'POST', path: '/conversations/search', body: { query: { field: 'state', operator: '=', value: 'closed' }, pagination: { per_page: 1 } } },
      {
        method: 'POST',
        path: '/conversations/search',
        body: { query: { operator: 'AND', value: [open, { field: 'admin_assignee_id', operator: '>', value: 0 }] }, pagination: { per_page: 1 } },
      },
    ]);
  });

  it('type conversation, count admin: open and closed per admin', async () => {
    server.on('GET', '/admins', { body: { type: 'admin.list', admins: [{ type: 'admin', id: '1', name: 'Wash' }, { type: 'admin', id: '2', name: 'Jayne' }] } });
    server.on('POST', '/conversations/search', ({ count }) => conversationsTotal([0, 1, 3, 0][count]));
    expect(await run('get_count', { type: 'conversation', count: 'admin' })).toEqual({
      type: 'count',
      conversation: {
        admin: [
          { id: '1', name: 'Wash', open: 0, closed: 1 },
          { id: '2', name: 'Jayne', open: 3, closed: 0 },
        ],
      },
    });
    const requests = sent();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /admins',
      'POST /conversations/search',
      'POST /conversations/search',
      'POST /conversations/search',
      'POST /conversations/search',
    ]);
    expect((requests[3].body as any).query).toEqual({
      operator: 'AND',
      value: [
        { field: 'open', operator: '=', value: true },
        { field: 'admin_assignee_id', operator: '=', value: 2 },
      ],
    });
  });

  it('type user: per segment (listSegments with counts) and per tag (SearchContacts on tag_id)', async () => {
    server.on('GET', '/segments', { body: segments });
    server.on('GET', '/tags', { body: tags });
    server.on('POST', '/contacts/search', ({ request }) => searchTotal((request.json as any).query.value === '1' ? 3 : 0));
    expect(await run('get_count', { type: 'user', count: 'segment' })).toEqual({ type: 'count', user: { segment: [{ Active: 7 }, { New: 0 }] } });
    expect(await run('get_count', { type: 'user', count: 'tag' })).toEqual({ type: 'count', user: { tag: [{ VIP: 3 }, { smb: 0 }] } });
    expect(sent()).toEqual([
      { method: 'GET', path: '/segments', query: { include_count: 'true' } },
      { method: 'GET', path: '/tags' },
      { method: 'POST', path: '/contacts/search', body: { query: { field: 'tag_id', operator: '=', value: '1' }, pagination: { per_page: 1 } } },
      { method: 'POST', path: '/contacts/search', body: { query: { field: 'tag_id', operator: '=', value: '2' }, pagination: { per_page: 1 } } },
    ]);
  });

  it('type company: users per company (every page), companies per segment and per tag', async () => {
    server.on('POST', '/companies/list', ({ request }) => {
      const page = Number(request.query.get('page') ?? '1');
      const row = page === 1 ? company('1', { name: 'Independents', company_id: '6', user_count: 7 }) : company('2', { name: 'Alliance', company_id: '7', user_count: 1 });
      return { body: companyList([row], page, 2, 2) };
    });
    server.on('GET', '/segments', { body: segments });
    server.on('GET', '/tags', { body: tags });
    server.on('GET', '/companies', ({ request }) => ({ body: companyList([], 1, 1, request.query.has('segment_id') ? 2 : 5) }));
    expect(await run('get_count', { type: 'company', count: 'user' })).toEqual({
      type: 'count',
      company: { user: [{ Independents: 7, remote_company_id: '6' }, { Alliance: 1, remote_company_id: '7' }] },
    });
    expect(await run('get_count', { type: 'company', count: 'segment' })).toEqual({ type: 'count', company: { segment: [{ Active: 2 }, { New: 2 }] } });
    expect(await run('get_count', { type: 'company', count: 'tag' })).toEqual({ type: 'count', company: { tag: [{ VIP: 5 }, { smb: 5 }] } });
    expect(sent()).toEqual([
      { method: 'POST', path: '/companies/list', query: { per_page: '50' } },
      { method: 'POST', path: '/companies/list', query: { per_page: '50', page: '2' } },
      { method: 'GET', path: '/segments' },
      { method: 'GET', path: '/companies', query: { segment_id: 's1', per_page: '1' } },
      { method: 'GET', path: '/companies', query: { segment_id: 's2', per_page: '1' } },
      { method: 'GET', path: '/tags' },
      { method: 'GET', path: '/companies', query: { tag_id: '1', per_page: '1' } },
      { method: 'GET', path: '/companies', query: { tag_id: '2', per_page: '1' } },
    ]);
  });

  it('count admin: a null entry of the admin list (the 2.10 admin schema is nullable) is skipped, not a TypeError', async () => {
    server.on('GET', '/admins', { body: { type: 'admin.list', admins: [null, { type: 'admin', id: '2', name: 'Jayne' }] } });
    server.on('POST', '/conversations/search', [conversationsTotal(3), conversationsTotal(4)]);
    expect(await run('get_count', { type: 'conversation', count: 'admin' })).toEqual({
      type: 'count',
      conversation: { admin: [{ id: '2', name: 'Jayne', open: 3, closed: 4 }] },
    });
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /admins', 'POST /conversations/search', 'POST /conversations/search']);
  });

  it('a segment or tag without a name (the description leaves name optional) is counted under "", as a company without one', async () => {
    server.on('GET', '/segments', { body: { type: 'segment.list', segments: [{ type: 'segment', id: 's1', count: 7 }] } });
    server.on('GET', '/tags', { body: { type: 'list', data: [{ type: 'tag', id: '1' }] } });
    server.on('POST', '/contacts/search', searchTotal(3));
    server.on('GET', '/companies', { body: companyList([], 1, 1, 5) });
    expect(await run('get_count', { type: 'user', count: 'segment' })).toEqual({ type: 'count', user: { segment: [{ '': 7 }] } });
    expect(await run('get_count', { type: 'user', count: 'tag' })).toEqual({ type: 'count', user: { tag: [{ '': 3 }] } });
    expect(await run('get_count', { type: 'company', count: 'segment' })).toEqual({ type: 'count', company: { segment: [{ '': 5 }] } });
    expect(await run('get_count', { type: 'company', count: 'tag' })).toEqual({ type: 'count', company: { tag: [{ '': 5 }] } });
  });

  it('any other combination is UNSUPPORTED (naming the parameter); wrong types are INVALID_PARAMS; nothing is sent', async () => {
    for (const [params, parameter] of [
      [{ count: 'tag' }, 'count'],
      [{ type: 'lead' }, 'type'],
      [{ type: 'user' }, 'type'],
      [{ type: 'company' }, 'type'],
      [{ type: 'conversation', count: 'team' }, 'count'],
      [{ type: 'user', count: 'admin' }, 'count'],
    ] as const) {
      const error = await failure(run('get_count', params));
      expect(error.code, JSON.stringify(params)).toBe('UNSUPPORTED');
      expect(error.parameter).toBe(parameter);
      expect(error.message).toContain('supported:');
    }
    for (const params of [{ type: { a: 1 } }, { count: ['tag'] }, { kind: 'user' }]) {
      expect((await failure(run('get_count', params))).code, JSON.stringify(params)).toBe('INVALID_PARAMS');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('dry run: the app totals are all planned; a per-tag count stops after listing the tags', async () => {
    const plan = await run('get_count', {}, { dryRun: true, token: undefined });
    expect(plan.requests.map((r: any) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /companies/list',
      'POST /contacts/search',
      'POST /contacts/search',
      'GET /tags',
      'GET /segments',
    ]);
    expect(plan.requests.every((r: any) => !JSON.stringify(r).includes(TOKEN))).toBe(true);
    const perTag = await run('get_count', { type: 'user', count: 'tag' }, { dryRun: true });
    expect(perTag.requests.map((r: any) => new URL(r.url).pathname)).toEqual(['/tags']);
    // One count per tag listed: the searches depend on the list.
    expect(perTag.pending).toEqual(['SearchContacts']);
    expect(server.requests).toHaveLength(0);
  });
});
