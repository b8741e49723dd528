/**
 * The pinned version's precompiled params validators (generator/validator-modules.ts →
 * generated/<pinned>/validators/): they answer what Ajv compiled at run time answers, they are
 * what the root runs, and a process whose params validate never imports Ajv.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../runtime/ajv.js';
import { sampleParams } from '../runtime/example-params.js';
import { loadPackedRegistry } from '../runtime/registry.js';
import type { ApiOperationEntry, JsonSchema } from '../runtime/registry-types.js';
import { PINNED_VERSION, REGISTRY_LOADERS, VALIDATOR_LOADERS } from '../generated/versions.js';
import { operations, run } from '../entry/index.js';
import { composeVersion } from '../entry/compose.js';
import { standaloneModule } from '../generator/validator-modules.js';
import { paramsArbitrary } from './support/schema-arbitrary.js';
import { shippedModule } from './support/shipped.js';

const packed = await REGISTRY_LOADERS[PINNED_VERSION]();
const precompiled = await VALIDATOR_LOADERS[PINNED_VERSION]!();
const registry = loadPackedRegistry(packed);
const apiEntries = registry.names.map((name) => registry.get(name)!).filter((e): e is ApiOperationEntry => e.kind === 'api');

/** Params that must fail for a reason other than the first: every way the mutations below go wrong. */
function mutations(params: Record<string, unknown>, schema: JsonSchema): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [{ ...params, not_a_param_of_this_operation: 1 }];
  for (const name of (schema.required as string[] | undefined) ?? []) {
    const { [name]: _, ...rest } = params;
    out.push(rest);
  }
  for (const name of Object.keys(params)) out.push({ ...params, [name]: null }, { ...params, [name]: [[[]]] });
  return out;
}

describe(`the precompiled params validators of ${PINNED_VERSION}`, () => {
  it('cover exactly the API operations of the version (v1 operations load Ajv for their bindings anyway)', () => {
    expect(Object.keys(precompiled).sort()).toEqual(apiEntries.map((e) => e.name).sort());
  });

  it('answer as Ajv compiled at run time does, on samples, random params and their mutations, for every API operation', async () => {
    const ajv = createAjv(undefined, { allErrors: false });
    let compared = 0;
    let valid = 0;
    for (const entry of apiEntries) {
      const standalone = await precompiled[entry.name]();
      const runtime = ajv.compile(entry.paramsSchema);
      const same = (params: Record<string, unknown>) => {
        const expected = runtime(params);
        expect(standalone(params), `${entry.name}: ${JSON.stringify(params)}`).toBe(expected);
        compared++;
        if (expected) valid++;
      };
      const candidates: Array<Record<string, unknown>> = [{}];
      for (const mode of ['required', 'full'] as const) {
        try {
          candidates.push(sampleParams(entry.paramsSchema, { mode }));
        } catch {
          // A schema the sampler cannot satisfy: the random candidates still compare.
        }
      }
      const names = entry.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      candidates.push(...fc.sample(paramsArbitrary(entry.paramsSchema, names), { numRuns: 8, seed: 12 }));
      for (const params of candidates) {
        same(params);
        for (const mutated of mutations(params, entry.paramsSchema)) same(mutated);
      }
    }
    // Both outcomes were exercised, across the whole version.
    expect(valid).toBeGreaterThan(apiEntries.length);
    expect(compared - valid).toBeGreaterThan(apiEntries.length * 3);
  });

  it('are what the root runs: valid params compile nothing, failed ones are explained by Ajv as before', async () => {
    // The process's one registry of the version (entry/compose.ts), which the root entry runs.
    const shared = composeVersion(packed, precompiled).registry;
    expect(operations.retrieveAdmin).toBe(shared.get('retrieveAdmin'));
    const compiled = shared.validators.compiledCount;
    await run('retrieveAdmin', { id: 5 }, { dryRun: true });
    await run('listTags', {}, { dryRun: true });
    expect(shared.validators.compiledCount).toBe(compiled);
    expect(shared.validators.precompiledCount).toBeGreaterThanOrEqual(2);
    await expect(run('retrieveAdmin', { id: 'five' } as never, { dryRun: true })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: 'retrieveAdmin: invalid params: /id must be integer',
    });
  });
});

describe('Ajv is imported only when something must be compiled', () => {
  const root = shippedModule('.');
  /** Runs `code` after importing the built root in a fresh process; answers whether Ajv was loaded, and what `code` printed. */
  function inProcess(code: string): { ajv: boolean; out: string } {
    const script =
      `import { createRequire } from 'node:module'; import * as root from ${JSON.stringify(root)};` +
      `let out = ''; try { ${code} } catch (error) { out = String(error.code) + ' ' + error.message; }` +
      `const ajv = Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\\\/]node_modules[\\\\/]ajv[\\\\/]dist[\\\\/]ajv\\.js$/.test(k));` +
      `process.stdout.write(JSON.stringify({ ajv, out }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout);
  }

  it('a dry run of valid params, and a paginated one, load no Ajv', () => {
    expect(inProcess(`await root.run('listTags', {}, { dryRun: true }); await root.run('SearchContacts', { $body: { query: { field: 'email', operator: '=', value: 'a@b.c' } } }, { dryRun: true });`)).toEqual({ ajv: false, out: '' });
  });

  it('invalid params load it to say what is wrong', () => {
    expect(inProcess(`await root.run('retrieveAdmin', { id: 'x' }, { dryRun: true });`)).toEqual({ ajv: true, out: 'INVALID_PARAMS retrieveAdmin: invalid params: /id must be integer' });
  });

  it('a v1 operation loads it before its binding runs (bindings validate their translated requests as they go)', () => {
    expect(inProcess(`out = (await root.run('create_tag', { $body: { name: 'VIP' } }, { dryRun: true })).requests[0].url;`)).toEqual({ ajv: true, out: 'https://api.intercom.io/tags' });
  });

  it('an answer checked by validateResponses loads it first (the answer schemas are compiled at run time)', () => {
    const answer = `async () => new Response(JSON.stringify({ type: 'list', data: 'not a list' }), { status: 200, headers: { 'content-type': 'application/json' } })`;
    const { ajv, out } = inProcess(`await root.run('listTags', {}, { token: 'tok_precompiled_0123456789', fetch: ${answer}, validateResponses: 'error', maxRetries: 0 });`);
    expect(ajv).toBe(true);
    expect(out).toMatch(/^INVALID_RESPONSE listTags: /);
  });

  it('an ISO date-time at an integer-date-time place is sent as seconds without Ajv, unless a union around it must be checked', () => {
    // UpdateContact's body is a one-branch wrapper: converting it checks no branch.
    const update = `out = JSON.stringify((await root.run('UpdateContact', { id: 'c1', $body: { signed_up_at: '2024-01-02T03:04:05Z' } }, { dryRun: true })).requests[0].body);`;
    expect(inProcess(update)).toEqual({ ajv: false, out: '{"signed_up_at":1704164645}' });
    // CreateContact's body is an anyOf of three (email, external_id or role): the conversion checks which the body matches.
    const create = `out = JSON.stringify((await root.run('CreateContact', { $body: { email: 'a@b.co', signed_up_at: '2024-01-02T03:04:05Z' } }, { dryRun: true })).requests[0].body);`;
    expect(inProcess(create)).toEqual({ ajv: true, out: '{"email":"a@b.co","signed_up_at":1704164645}' });
  });

  it('form strings that validate only once coerced load it too, and are coerced as before', () => {
    expect(inProcess(`out = JSON.stringify((await root.run('retrieveAdmin', { id: '5' }, { dryRun: true })).requests[0].url);`)).toEqual({ ajv: true, out: '"https://api.intercom.io/admins/5"' });
  });
});

describe('the generator’s standalone modules', () => {
  it('import what Ajv’s code requires from runtime/standalone-support.ts, and refuse a require it does not provide', () => {
    const code = standaloneModule({ type: 'object', properties: { a: { type: 'string', maxLength: 3, format: 'uri' } } }, '../support.js', 'op');
    expect(code).toContain("import { ucs2length, fullFormats } from '../support.js';");
    expect(code).not.toMatch(/require\(/);
    // uniqueItems over objects needs Ajv's deep equality, which the runtime does not provide.
    expect(() => standaloneModule({ type: 'array', uniqueItems: true, items: { type: 'object' } }, '../support.js', 'listThings')).toThrow(
      /listThings: Ajv's standalone code requires require\("ajv\/dist\/runtime\/equal"\)/,
    );
  });
});
