/**
 * Params: validated before anything is sent, never mutated, unknown names rejected by name,
 * form scalars coerced where the schema is unambiguous, validators compiled lazily.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createAjv } from '../runtime/ajv.js';
import { createRunner, type Runner, IntercomOpsError, operations } from '../entry/index.js';
import pinnedPacked from '../generated/pinned.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { loadRegistry } from '../runtime/registry-data.js';
import type { IntercomServer } from './support/intercom-server.js';
import { useServerAndRunner } from './support/server-fixture.js';

const pinnedRegistry = unpackRegistry(pinnedPacked);

const TOKEN = 'tok_params_0123456789';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});
beforeEach(() => {
  server.on('*', '/{a}', { body: {} }).on('*', '/{a}/{b}', { body: {} }).on('*', '/{a}/{b}/{c}', { body: {} });
});

async function invalid(promise: Promise<unknown>): Promise<IntercomOpsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IntercomOpsError);
    expect((error as IntercomOpsError).code).toBe('INVALID_PARAMS');
    expect(server.requests).toHaveLength(0);
    return error as IntercomOpsError;
  }
  throw new Error('expected INVALID_PARAMS');
}

const search = (value: unknown) => ({ $body: { query: { field: 'custom_attributes.n', operator: '=', value } } });

describe('validation before sending', () => {
  it('unknown params are rejected by name (several at once), nothing is sent', async () => {
    const error = await invalid(runner.run('retrieveAdmin', { id: 1, bogus: true, other: 'x' }));
    expect(error.issues!.map((i) => i.path).sort()).toEqual(['/bogus', '/other']);
    expect(error.message).toContain('bogus');
    expect(error.operation).toBe('retrieveAdmin');
  });

  it('a missing required param and a wrong body field are both named', async () => {
    const error = await invalid(runner.run('setAwayAdmin', { $body: { away_mode_enabled: 'maybe', away_mode_reassign: false } }));
    const paths = error.issues!.map((i) => i.path);
    expect(paths).toContain('/id');
    expect(paths).toContain('/$body/away_mode_enabled');
  });

  it('each issue once, though several branches of an anyOf report it (createTag: four bodies, each needing name)', async () => {
    const error = await invalid(runner.run('createTag', { $body: { nam: 'VIP' } }));
    const keys = error.issues!.map((i) => `${i.path} ${i.message}`);
    expect(keys).toContain('/$body/name is required');
    expect(new Set(keys).size).toBe(keys.length);
    expect(error.message.match(/\/\$body\/name is required/g)).toHaveLength(1);
  });

  it('nested unknown body fields and enums', async () => {
    const error = await invalid(runner.run('SearchContacts', { $body: { query: { field: 'x', operator: 'LIKE', value: 'y' } } }));
    expect(error.issues!.some((i) => i.path === '/$body/query/operator' && i.message.includes('"="'))).toBe(true);
  });

  it('params that are not an object, or not JSON data', async () => {
    await invalid(runner.run('listTags', [] as any));
    await invalid(runner.run('listTags', 'x' as any));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await invalid(runner.run('listTags', cyclic));
  });

  it("never mutates the caller's object (coercion works on a copy)", async () => {
    const params = { id: '42', $body: { away_mode_enabled: 'true', away_mode_reassign: 'false' } };
    const before = structuredClone(params);
    await runner.run('setAwayAdmin', params);
    expect(params).toEqual(before);
    expect(server.requests[0].json).toEqual({ away_mode_enabled: true, away_mode_reassign: false });
  });

  it('works on frozen params', async () => {
    await runner.run('retrieveAdmin', Object.freeze({ id: '7' }));
    expect(server.requests[0].path).toBe('/admins/7');
  });
});

describe('coercion of form scalars', () => {
  it('"42" → 42 for an integer path param, "true" → true for a boolean query param', async () => {
    await runner.run('retrieveAdmin', { id: '42' });
    expect(server.requests[0].path).toBe('/admins/42');
    await runner.run('lisDataEvents', { filter: { user_id: '1' }, type: 'user', summary: 'true' });
    expect(server.requests[1].query.get('summary')).toBe('true');
  });

  it('a non-numeric string for an integer param is INVALID_PARAMS, not a request', async () => {
    const error = await invalid(runner.run('retrieveAdmin', { id: 'abc' }));
    expect(error.issues).toEqual([{ path: '/id', message: 'must be integer' }]);
  });

  it('a number where a string is declared becomes its text (numeric ids from templates)', async () => {
    await runner.run('deleteTag', { id: 17 });
    expect(server.requests[0].path).toBe('/tags/17');
  });

  it('the search filter (value: oneOf string|integer|boolean|arrays) accepts "42", 42, true and lists unchanged', async () => {
    for (const value of ['42', 42, true, ['a', 'b'], [1, 2]]) {
      server.reset();
      await runner.run('SearchContacts', search(value));
      expect((server.requests[0].json as any).query.value).toEqual(value);
    }
  });

  it('measured: Ajv coerceTypes would reject the valid search filter (why coercion is schema-guided)', () => {
    const schema = structuredClone(operations.SearchContacts.paramsSchema) as Record<string, unknown>;
    const coercing = createAjv(undefined, { coerceTypes: true }).compile(schema);
    const plain = createAjv().compile(schema);
    for (const value of ['42', 42]) {
      expect(plain(search(value))).toBe(true);
      expect(coercing(search(value))).toBe(false);
      expect(JSON.stringify(coercing.errors)).toContain('must match exactly one schema in oneOf');
    }
  });
});

describe('lazy validators', () => {
  it('compiles one validator per operation, on first use, then reuses it', async () => {
    const registry = loadRegistry(pinnedRegistry);
    const fresh = createRunner({ registry, token: TOKEN, baseUrl: server.url });
    expect(registry.validators.compiledCount).toBe(0);
    await fresh.run('retrieveAdmin', { id: 1 });
    await fresh.run('retrieveAdmin', { id: 2 });
    expect(registry.validators.compiledCount).toBe(1);
    await fresh.run('listTags');
    expect(registry.validators.compiledCount).toBe(2);
  });
});

describe('unknown operations', () => {
  it('UNKNOWN_OPERATION with close names, for both naming styles', async () => {
    for (const [wanted, expected] of [
      ['listTag', 'listTags'],
      ['ListTags', 'listTags'],
      ['retrieveAdmn', 'retrieveAdmin'],
      ['lisDataAttribute', 'lisDataAttributes'],
    ]) {
      try {
        await runner.run(wanted);
        throw new Error('expected a failure');
      } catch (error) {
        expect(error).toMatchObject({ code: 'UNKNOWN_OPERATION', operation: wanted });
        expect((error as IntercomOpsError).suggestions).toContain(expected);
      }
    }
    await expect(runner.run('toString')).rejects.toMatchObject({ code: 'UNKNOWN_OPERATION' });
    expect(server.requests).toHaveLength(0);
  });
});
