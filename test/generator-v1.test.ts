/**
 * v1 entries: targets resolved by operationId (or alias) AND method + route shape, failures
 * naming the v1 operation and the reason, `unavailableIn` honoured, params schema built from the
 * catalog. Uses a small in-test catalog, not operations/.
 */
import { describe, expect, it } from 'vitest';
import { createAjv } from '../runtime/ajv.js';
import { transformOperations } from '../generator/transform/operation.js';
import {
  transformV1Operation,
  transformV1Operations,
  v1ParamsSchema,
  V1ExampleError,
  V1ResolutionError,
} from '../generator/transform/v1-operations.js';
import { resolveTarget } from '../generator/v1-targets.js';
import type { Target, V1OperationInput } from '../operations/types.js';
import type { ApiOperationEntry, HttpMethod } from '../runtime/registry-types.js';
import { loadSpec } from '../spec/load.js';
import { routeShape } from '../spec/model.js';
import { OPENAPI_DIR } from './support/shared.js';

function api(name: string, method: HttpMethod, path: string): ApiOperationEntry {
  return {
    kind: 'api', name, operationId: name, method, path, summary: name, readOnly: method === 'GET',
    paramsSchema: { type: 'object', properties: {}, additionalProperties: false },
    parameters: [], body: null, pagination: null, deprecated: false, tags: [],
    // A list answer: v1 list operations take their rows from it.
    resultSchema: { type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } } },
    rowSchema: null,
  };
}

const targets: Record<string, Target> = {
  retrieveAdmin: { operationId: 'retrieveAdmin', method: 'GET', route: '/admins/{}' },
  lisDataAttributes: { operationId: 'lisDataAttributes', aliases: ['listDataAttributes'], method: 'GET', route: '/data_attributes' },
  SearchContacts: { operationId: 'SearchContacts', method: 'POST', route: '/contacts/search' },
  ArchiveContact: { operationId: 'ArchiveContact', method: 'POST', route: '/contacts/{}/archive' },
};

const op = (over: Partial<V1OperationInput> & Pick<V1OperationInput, 'name' | 'targets'>): V1OperationInput => ({
  summary: `${over.name} summary`,
  params: [],
  readOnly: true,
  binding: { target: over.targets[0] ?? 'none' },
  // A legacy operation (no target) answers what the legacy endpoint answers.
  ...(over.targets.length ? {} : { answer: {} }),
  ...over,
});

const getAdmin = op({
  name: 'get_admin',
  targets: ['retrieveAdmin'],
  params: [{ name: 'id', type: 'string', required: true, description: 'Admin id.' }],
  mapped: { id: 'path id' },
});
const archiveUser = op({
  name: 'archive_user',
  readOnly: false,
  targets: ['SearchContacts', 'ArchiveContact', 'SearchContacts'],
  params: [
    { name: 'email', type: 'string', required: false, description: 'Email.' },
    { name: 'user_id', type: 'string', required: false, description: 'User id.' },
  ],
  dropped: ['segments'],
});
const listAttrs = op({
  name: 'list_data_attributes_for_customers',
  targets: ['lisDataAttributes'],
  params: [{ name: 'include_archived', type: 'boolean', required: false, description: 'Include archived.' }],
  resultsPath: { defaultRowsKey: 'data' },
});
const createEvent = op({
  name: 'create_event',
  readOnly: false,
  targets: [],
  params: [],
  body: { type: 'object', properties: { event_name: { type: 'string' } }, required: ['event_name'] },
  bodyRequired: true,
});

const spec210 = [
  api('retrieveAdmin', 'GET', '/admins/{id}'),
  api('lisDataAttributes', 'GET', '/data_attributes'),
  api('SearchContacts', 'POST', '/contacts/search'),
  api('ArchiveContact', 'POST', '/contacts/{id}/archive'),
];

describe('v1 target resolution', () => {
  it('blanks path parameter names into the route shape', () => {
    expect(routeShape('/contacts/{contact_id}/tags/{id}')).toBe('/contacts/{}/tags/{}');
  });

  it('resolves by operationId and route, whatever the path parameters are called', () => {
    const renamed = [api('retrieveAdmin', 'GET', '/admins/{admin_id}')];
    expect(resolveTarget('retrieveAdmin', targets, renamed, '2.11')).toEqual({ ok: true, target: targets.retrieveAdmin, operation: renamed[0] });
    const entry = transformV1Operation(getAdmin, { version: '2.11', targets, api: renamed });
    expect(entry.resolvedCalls).toEqual([{ target: 'retrieveAdmin', name: 'retrieveAdmin', method: 'GET', path: '/admins/{admin_id}' }]);
  });

  it('resolves an alias to the name the spec uses (listDataAttributes in 2.11)', () => {
    const entry = transformV1Operation(listAttrs, { version: '2.11', targets, api: [api('listDataAttributes', 'GET', '/data_attributes')] });
    expect(entry.calls).toEqual(['listDataAttributes']);
    expect(entry.resolvedCalls).toEqual([{ target: 'lisDataAttributes', name: 'listDataAttributes', method: 'GET', path: '/data_attributes' }]);
  });

  it('fails naming the v1 operation when the operationId is at another route', () => {
    const moved = [api('retrieveAdmin', 'GET', '/admins/{id}/profile')];
    expect(() => transformV1Operation(getAdmin, { version: '9.9', targets, api: moved })).toThrow(
      /v1 operation "get_admin": target retrieveAdmin: retrieveAdmin moved to GET \/admins\/\{id\}\/profile in 9\.9 \(bound to GET \/admins\/\{\}\)/,
    );
  });

  it('fails naming the v1 operation when no operation has the id, pointing at what sits on the route', () => {
    const renamed = [api('getAdmin', 'GET', '/admins/{id}')];
    let error: unknown;
    try {
      transformV1Operation(getAdmin, { version: '9.9', targets, api: renamed });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(V1ResolutionError);
    expect((error as V1ResolutionError).operation).toBe('get_admin');
    expect((error as V1ResolutionError).reason).toBe('GET /admins/{} is "getAdmin" in 9.9, not "retrieveAdmin" (list the new spelling in the target\'s aliases?)');
    expect(() => transformV1Operation(getAdmin, { version: '9.9', targets, api: [] })).toThrow(
      'v1 operation "get_admin": target retrieveAdmin: no GET /admins/{} (retrieveAdmin) in 9.9',
    );
  });

  it('fails on a target missing from the catalog of targets', () => {
    const bad = op({ name: 'bad_op', targets: ['nope'] });
    expect(() => transformV1Operation(bad, { version: '2.10', targets, api: spec210 })).toThrow(/v1 operation "bad_op": target nope: not in the catalog of targets/);
  });

  it('honours unavailableIn: no failure, the reason recorded, what resolves kept', () => {
    const marked = { ...archiveUser, unavailableIn: { '9.9': 'ArchiveContact was removed in 9.9' } };
    const entry = transformV1Operation(marked, { version: '9.9', targets, api: [api('SearchContacts', 'POST', '/contacts/search')] });
    expect(entry.unavailable).toBe('ArchiveContact was removed in 9.9');
    expect(entry.calls).toEqual(['SearchContacts']);
    // …but only in the version it names.
    expect(() => transformV1Operation(marked, { version: '9.8', targets, api: [api('SearchContacts', 'POST', '/contacts/search')] })).toThrow(
      /archive_user/,
    );
  });
});

describe('v1 entries', () => {
  it('carry calls in order of first use, legacy/mapped/dropped/readOnly from the catalog', () => {
    const [admin, archive] = transformV1Operations({ version: '2.10', targets, api: spec210, operations: [getAdmin, archiveUser] });
    expect(admin).toMatchObject({
      kind: 'v1', name: 'get_admin', summary: 'get_admin summary', readOnly: true, calls: ['retrieveAdmin'],
      legacy: false, mapped: { id: 'path id' }, dropped: [], resultsPath: false, unavailable: null,
    });
    expect(archive).toMatchObject({ readOnly: false, calls: ['SearchContacts', 'ArchiveContact'], dropped: ['segments'] });
    const legacy = transformV1Operation(op({ name: 'get_visitor', targets: [], legacy: true }), { version: '2.10', targets, api: spec210 });
    expect(legacy).toMatchObject({ legacy: true, calls: [], resolvedCalls: [] });
  });

  it('build a strict flat params schema: params, $body, and resultsPath on list operations', () => {
    expect(v1ParamsSchema(getAdmin)).toEqual({
      type: 'object',
      properties: { id: { type: 'string', description: 'Admin id.' } },
      required: ['id'],
      additionalProperties: false,
    });
    const list = v1ParamsSchema(listAttrs);
    expect(Object.keys(list.properties as object)).toEqual(['include_archived', 'resultsPath']);
    expect((list.properties as any).resultsPath.type).toBe('string');
    const event = v1ParamsSchema(createEvent);
    expect(event.required).toEqual(['$body']);

    const ajv = createAjv();
    const validate = ajv.compile(event);
    expect(validate({ $body: { event_name: 'x' } })).toBe(true);
    expect(validate({})).toBe(false);
    expect(ajv.compile(list)({ include_archived: true, resultsPath: 'data', nope: 1 })).toBe(false);
  });

  it('resolve against the real 2.11 spec, where lisDataAttributes is listDataAttributes and {id} is {admin_id}', async () => {
    const spec = await loadSpec('2.11', { specDir: OPENAPI_DIR, fetch: false });
    const { entries } = transformOperations(spec.model);
    const [admin, attrs] = transformV1Operations({ version: '2.11', targets, api: entries, operations: [getAdmin, listAttrs] });
    expect(admin!.resolvedCalls[0]).toMatchObject({ name: 'retrieveAdmin', path: '/admins/{admin_id}' });
    expect(attrs!.calls).toEqual(['listDataAttributes']);
  });
});

describe('v1 examples', () => {
  it('carry a valid catalog example as the paramsSchema `examples` annotation (strict Ajv accepts it)', () => {
    const example = { email: 'jane.doe@example.com' };
    const [entry] = transformV1Operations({
      version: '2.10', targets, api: spec210, operations: [{ ...archiveUser, example }],
    });
    expect(entry!.paramsSchema.examples).toEqual([example]);
    expect(entry!.paramsSchema.examples).not.toBe(undefined);
    expect((entry!.paramsSchema.examples as unknown[])[0]).not.toBe(example);
    const validate = createAjv().compile(entry!.paramsSchema);
    expect(validate(example)).toBe(true);
    // Without an example the schema has no annotation.
    expect(transformV1Operation(getAdmin, { version: '2.10', targets, api: spec210 }).paramsSchema).not.toHaveProperty('examples');
  });

  it('fail generation naming the operation when the example does not validate against its paramsSchema', () => {
    const broken = { ...getAdmin, example: { id: 991267921 } };
    const transform = () => transformV1Operations({ version: '2.10', targets, api: spec210, operations: [archiveUser, broken] });
    expect(transform).toThrow(V1ExampleError);
    expect(transform).toThrow(/v1 operation "get_admin": its example does not validate against its paramsSchema \(\/id must be string\)/);
    const unknown = { ...createEvent, example: { $body: { event_name: 'ordered' }, extra: true } };
    expect(() => transformV1Operation(unknown, { version: '2.10', targets, api: spec210 })).toThrow(
      /create_event[\s\S]*must NOT have additional properties/,
    );
    const missing = { ...createEvent, example: {} };
    expect(() => transformV1Operation(missing, { version: '2.10', targets, api: spec210 })).toThrow(/create_event[\s\S]*\$body/);
  });
});
