/**
 * v1 bindings are type-checked against the canonical version's operations: a file written as a
 * binding is (importing operations/types.ts from the repository's sources), type-checked strictly
 * with the repository's compiler options. Every line marked `@ts-expect-error` must fail (an
 * unused marker is itself an error) and every other line must pass: an unknown target, a query key
 * or body field the target lacks, a path of the wrong arity and a field the answer does not have
 * are compile errors. And the arity the types give is the one the runtime fills: each generated
 * `path` lists the registry's path parameters in the order binding-context.ts fills them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY_LOADERS, SUPPORTED_VERSIONS } from '../generated/versions.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { REPO_ROOT } from '../spec/repo-root.js';
import { sourceChecker } from './support/typecheck.js';

const { check, markers } = sourceChecker('iops-binding-types-');

const from = (module: string) => JSON.stringify(join(REPO_ROOT, module));

const BINDINGS = `
import type { CanonicalContext, DataBinding, TargetBody, V1Operation } from ${from('operations/types.js')};
import type { BindingContext } from ${from('runtime/binding-api.js')};

export async function targets(ctx: CanonicalContext) {
  // Canonical target names; v1 ids are numeric strings, written into the URL.
  const admin = await ctx.call('retrieveAdmin', { path: ['991267921'] });
  const adminEmail: string | undefined = admin?.email;
  await ctx.call('retrieveAdmin', { path: [991267921] });
  await ctx.call('identifyAdmin', {}, { then: ['detachContactFromConversation'] });
  await ctx.call('detachTagFromContact', { path: ['6643703ffae7834d1792fd30', '81'] }, { independent: true });
  // @ts-expect-error an unknown target name
  await ctx.call('retrieveAdmins', { path: ['1'] });
  // @ts-expect-error a v1 operation is not a target
  await ctx.call('get_admin', { path: ['1'] });
  // @ts-expect-error a name another version has, the canonical one does not (2.11's spelling of lisDataAttributes)
  await ctx.call('listDataAttributes', {});
  // @ts-expect-error the result type is the target's, no type argument stands in for it
  await ctx.call<{ id: string }>('retrieveAdmin', { path: ['1'] });
  void adminEmail;
}

export async function paths(ctx: CanonicalContext) {
  // @ts-expect-error one path value short (detachTagFromContact: contact_id, id)
  await ctx.call('detachTagFromContact', { path: ['6643703ffae7834d1792fd30'] });
  // @ts-expect-error one path value too many
  await ctx.call('retrieveAdmin', { path: ['1', '2'] });
  // @ts-expect-error the path is required where the route has parameters
  await ctx.call('retrieveAdmin', {});
  // @ts-expect-error no path values for a route without parameters
  await ctx.call('listTags', { path: ['1'] });
  // @ts-expect-error a path value is a string or a number
  await ctx.call('retrieveAdmin', { path: [true] });
}

export async function queries(ctx: CanonicalContext) {
  await ctx.call('retrieveCompany', { query: { company_id: 'acme-1', per_page: 1 } });
  await ctx.call('listActivityLogs', { query: { created_at_after: '1714564800' } });
  await ctx.call('lisDataAttributes', { query: { model: 'company', include_archived: true } });
  // @ts-expect-error a query key the target lacks
  await ctx.call('retrieveCompany', { query: { company_idd: 'acme-1' } });
  // @ts-expect-error a query value of the wrong type (per_page is an integer)
  await ctx.call('retrieveCompany', { query: { per_page: 'one' } });
  // @ts-expect-error a query value outside the declared enum
  await ctx.call('lisDataAttributes', { query: { model: 'user' } });
  // @ts-expect-error a target that takes no query
  await ctx.call('listTags', { query: { page: 1 } });
  // @ts-expect-error a required query parameter missing
  await ctx.call('listActivityLogs', {});
  // @ts-expect-error a path parameter is not a query key
  await ctx.call('retrieveAdmin', { path: ['1'], query: { id: '1' } });
}

export async function bodies(ctx: CanonicalContext) {
  const tag = await ctx.call('createTag', { body: { name: 'VIP' } });
  await ctx.call('createTag', { body: { name: 'VIP', users: [{ id: '6643703ffae7834d1792fd30' }] } });
  await ctx.call('setAwayAdmin', { path: ['991267921'], body: { away_mode_enabled: true, away_mode_reassign: false } });
  await ctx.call('updateConversation', { path: ['147'], body: { read: true } });
  const reply: TargetBody<'replyConversation'> = { message_type: 'comment', type: 'admin', admin_id: '991267921', body: 'Thanks' };
  await ctx.call('replyConversation', { path: ['147'], body: reply });
  // @ts-expect-error a body field the target lacks
  await ctx.call('createTag', { body: { name: 'VIP', colour: 'red' } });
  // @ts-expect-error a body field of the wrong type
  await ctx.call('setAwayAdmin', { path: ['1'], body: { away_mode_enabled: 'yes', away_mode_reassign: false } });
  // @ts-expect-error a required body field missing (away_mode_reassign)
  await ctx.call('setAwayAdmin', { path: ['1'], body: { away_mode_enabled: true } });
  // @ts-expect-error the body is required
  await ctx.call('createTag', {});
  // @ts-expect-error a target that takes no body
  await ctx.call('retrieveAdmin', { path: ['1'], body: { id: '1' } });
  // @ts-expect-error the body of another branch: an admin reply needs admin_id
  await ctx.call('replyConversation', { path: ['147'], body: { message_type: 'comment', type: 'admin', body: 'Thanks' } });
  void tag;
}

export async function answers(ctx: CanonicalContext) {
  const tag = await ctx.call('createTag', { body: { name: 'VIP' } });
  const tagId: string | undefined = tag.id;
  const admins = await ctx.call('listAdmins', {});
  const names = (admins.admins ?? []).map((a) => a?.name);
  // @ts-expect-error a field the answer does not have
  tag.users;
  // @ts-expect-error the answer is typed, not any
  const wrong: number = tag.id;
  // @ts-expect-error a tag list answers data, not tags
  (await ctx.call('listTags', {})).tags;
  // @ts-expect-error a list entry may be null (the admin schema is nullable)
  (admins.admins ?? [])[0].id;
  const legacy: unknown = await ctx.legacy({ method: 'GET', route: '/visitors/{}', path: ['1'] });
  // @ts-expect-error an endpoint no description has answers unknown
  (await ctx.legacy({ method: 'GET', route: '/visitors/{}', path: ['1'] })).id;
  void [tagId, names, wrong, legacy];
}

export async function validateAndList(ctx: CanonicalContext) {
  ctx.validate('createOrUpdateCompany', { body: { company_id: 'acme-1', name: 'Acme' } });
  // @ts-expect-error validate takes the same names
  ctx.validate('createOrUpdateCompanies', { body: {} });
  // @ts-expect-error and the same requests
  ctx.validate('createOrUpdateCompany', { body: { company_idd: 'acme-1' } });
  const pages = ctx.list('SearchContacts', { body: { query: { field: 'email', operator: '=', value: 'jane@example.com' } } });
  for await (const page of pages) {
    const total: number | undefined = page.total_count;
    for (const contact of pages.rowsOf(page)) {
      const id: string | undefined = contact.id;
      // @ts-expect-error rows are the target's rows
      contact.no_such_property;
      void id;
    }
    void total;
  }
  // @ts-expect-error list takes the same names
  ctx.list('SearchContact', { body: {} });
  // @ts-expect-error and the same requests (a search needs its query)
  ctx.list('SearchContacts', { body: { pagination: { per_page: 50 } } });
}

export async function oneTargetPerCall(ctx: CanonicalContext, close: boolean) {
  const target = close ? 'manageConversation' : 'replyConversation';
  // @ts-expect-error a union of names would take the request of either for both (a reply body sent to manageConversation)
  await ctx.call(target, { path: ['147'], body: { message_type: 'comment', type: 'admin', admin_id: '991267921', body: 'Thanks' } });
  // @ts-expect-error validate takes one name too
  ctx.validate(target, { path: ['147'], body: { message_type: 'close', type: 'admin', admin_id: '991267921' } });
}

// Single-call bindings are data, checked the same way.
export const dataBindings: DataBinding[] = [
  { target: 'retrieveAdmin', path: ['id'] },
  { target: 'detachTagFromContact', path: ['contact_id', 'id'] },
  { target: 'retrieveConversation', path: ['id'], query: { display_as: 'display_as' } },
  { target: 'updateConversation', path: ['id'], fixedBody: { read: true } },
  { target: 'createDataEvent', body: 'pass' },
  { target: 'listTags' },
  // @ts-expect-error an unknown target
  { target: 'retrieveAdmn', path: ['id'] },
  // @ts-expect-error a path of the wrong arity (detachTagFromContact: contact_id, id)
  { target: 'detachTagFromContact', path: ['id'] },
  // @ts-expect-error the path is required where the route has parameters
  { target: 'retrieveAdmin' },
  // @ts-expect-error no path for a route without parameters
  { target: 'listTags', path: ['id'] },
  // @ts-expect-error a query key the target lacks
  { target: 'retrieveConversation', path: ['id'], query: { display_ass: 'display_as' } },
  // @ts-expect-error a fixed body field the target lacks
  { target: 'updateConversation', path: ['id'], fixedBody: { reed: true } },
  // @ts-expect-error a body for a target that takes none
  { target: 'retrieveAdmin', path: ['id'], body: 'pass' },
];

// A binding in the catalog is given the canonical context.
export const operation = {
  name: 'get_admin_example',
  summary: 'A binding checked as the catalog checks its own.',
  params: [],
  targets: ['retrieveAdmin'],
  readOnly: true,
  binding: async (params, ctx) => {
    const admin = await ctx.call('retrieveAdmin', { path: [params.id] });
    // @ts-expect-error in a catalog binding too: a field the answer does not have
    admin?.no_such_field;
    // @ts-expect-error and an unknown target
    return ctx.call('retrieveAdminn', { path: [params.id] });
  },
} satisfies V1Operation;

// The runtime's own view (what binding-context.ts implements) takes any name and answers unknown.
export async function loose(ctx: BindingContext) {
  const answer = await ctx.call('anyName', { path: [1, 2, 3], query: { anything: 1 }, body: 'x' });
  // @ts-expect-error unknown until read as some shape
  answer.id;
}
`;

describe('bindings are typed against the canonical version (operations/types.ts)', () => {
  it('right targets and requests pass; wrong ones, and every @ts-expect-error line, fail', { timeout: 120_000 }, () => {
    expect(check('bindings', BINDINGS)).toEqual([]);
  });

  it('the expectations have teeth: without the markers, each marked line is an error', { timeout: 120_000 }, () => {
    const { marked, failing } = markers(BINDINGS);
    expect(marked).toBeGreaterThan(30);
    expect(failing).toBe(marked);
  });
});

describe('the types bindings are checked with are the canonical version\'s, whatever the pin', () => {
  it('operations/ imports from generated/ only the 2.10 operation types, as types (never generated/pinned.js)', () => {
    const found: string[] = [];
    for (const file of readdirSync(join(REPO_ROOT, 'operations'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(REPO_ROOT, 'operations', file), 'utf8');
      for (const [statement] of text.matchAll(/^(?:import|export)[^;]*from '[^']*generated\/[^']*';/gm)) found.push(`${file}: ${statement}`);
    }
    expect(found).toEqual(["types.ts: import type { Operations as CanonicalOperations } from '../generated/2.10/operation-types.js';"]);
  });
});

/** `name: { …; path: ['a', 'b'] }` members of a generated operation-types.ts: name → path names. */
function generatedPaths(version: string): Map<string, string[]> {
  const text = readFileSync(join(REPO_ROOT, 'generated', version, 'operation-types.ts'), 'utf8');
  const paths = new Map<string, string[]>();
  for (const [, name, list] of text.matchAll(/^ {2}(\w+): \{ params: ApiParams<.*; path: \[(.*)\] \};$/gm)) {
    paths.set(name!, list === '' ? [] : list!.split(', ').map((item) => JSON.parse(item.replace(/^'(.*)'$/, '"$1"')) as string));
  }
  return paths;
}

describe('the path arity the types give matches the registry path parameters, in order', () => {
  it.each(SUPPORTED_VERSIONS)('%s: each API operation names its path parameters in the registry order', async (version) => {
    const registry = unpackRegistry(await REGISTRY_LOADERS[version]());
    const paths = generatedPaths(version);
    const api = registry.operations.filter((entry) => entry.kind === 'api');
    expect(api.length).toBeGreaterThan(90);
    expect([...paths.keys()].sort()).toEqual(api.map((entry) => entry.name).sort());
    for (const entry of api) {
      const expected = entry.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      expect(paths.get(entry.name), entry.name).toEqual(expected);
    }
  });
});
