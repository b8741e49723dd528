/**
 * Property tests (fast-check) over every operation of every shipped spec version's registry:
 * - params generated from an operation's paramsSchema (test/support/schema-arbitrary.ts; each
 *   candidate checked with an independent Ajv, plus the deterministic sampler's two samples) are
 *   accepted, and the dry run plans the spec's method and route (path values encoded in place,
 *   scalar query values by name, the body as given);
 * - the same params mutated (an unknown param, a required one missing, a value of a type no
 *   coercion can fix) are refused with INVALID_PARAMS naming that parameter, and nothing is sent
 *   (a real runner whose fetch counts calls);
 * - v1 operations: valid params plan only calls to their declared 2.x routes (or are refused by a
 *   documented rule: INVALID_PARAMS, UNSUPPORTED), and an unknown param is refused, nothing sent.
 * Bounded: a few runs per operation (fast-check's seed is printed on a failure, to replay it).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../runtime/ajv.js';
import { usesEpochSeconds } from '../runtime/coerce.js';
import { ajvAccepts, sampleParams } from '../runtime/example-params.js';
import { createRunner, IntercomOpsError, type VersionRunner } from '../entry/index.js';
import { REGISTRY_LOADERS, type SupportedVersion } from '../generated/versions.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import type { ApiOperationEntry, JsonSchema, OperationEntry, RegistryData, V1OperationEntry } from '../runtime/registry-types.js';
import { loadSpec } from '../spec/load.js';
import { VERSIONS } from '../spec/pins.js';
import { paramsArbitrary } from './support/schema-arbitrary.js';
import { OPENAPI_DIR } from './support/shared.js';

/** Random candidates per operation (each also gets the sampler's two deterministic samples). */
const VALID_RUNS = 5;
const MUTATION_RUNS = 5;
const BASE_URL = 'https://api.intercom.io';

interface Version {
  registry: RegistryData;
  dry: VersionRunner;
  sending: VersionRunner;
  calls: () => number;
  oracle: (schema: JsonSchema) => ValidateFunction;
  specOperation: (method: string, path: string) => Record<string, unknown> | undefined;
}

async function prepare(version: string): Promise<Version> {
  // The shipped registry of the version (generate --check keeps it equal to the generator's output).
  const registry = unpackRegistry(await REGISTRY_LOADERS[version as SupportedVersion]());
  const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
  let calls = 0;
  const fetch = (async () => {
    calls++;
    throw new TypeError('this test sends nothing');
  }) as unknown as typeof globalThis.fetch;
  const ajv = createAjv();
  const compiled = new WeakMap<JsonSchema, ValidateFunction>();
  return {
    registry,
    dry: createRunner({ version, dryRun: true }),
    sending: createRunner({ version, token: 'tok_properties_0123456789', fetch, maxRetries: 0 }),
    calls: () => calls,
    oracle: (schema) => {
      let validate = compiled.get(schema);
      if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
      return validate;
    },
    specOperation: (method, path) => (spec.document.paths as Record<string, Record<string, Record<string, unknown>>>)?.[path]?.[method.toLowerCase()],
  };
}

const pathNames = (entry: ApiOperationEntry) => entry.parameters.filter((p) => p.in === 'path').map((p) => p.name);
const escape = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** How many random candidates were generated and how many of them were valid (reported per version). */
interface Tally {
  random: number;
  validRandom: number;
}

/** Deterministic samples plus random candidates, the valid ones only (independent Ajv). */
async function validParams(
  v: Version,
  entry: OperationEntry,
  names: readonly string[],
  tally: Tally,
  each: (params: Record<string, unknown>) => Promise<void>,
): Promise<number> {
  const validate = v.oracle(entry.paramsSchema);
  let accepted = 0;
  const accepts = ajvAccepts();
  for (const mode of ['required', 'full'] as const) {
    let sample: Record<string, unknown> | undefined;
    try {
      sample = sampleParams(entry.paramsSchema, { mode, accepts });
    } catch {
      sample = undefined;
    }
    if (sample && validate(sample)) {
      accepted++;
      await each(sample);
    }
  }
  await fc.assert(
    fc.asyncProperty(paramsArbitrary(entry.paramsSchema, names), async (params) => {
      tally.random++;
      if (!validate(params)) return;
      tally.validRandom++;
      accepted++;
      await each(params);
    }),
    { numRuns: VALID_RUNS },
  );
  return accepted;
}

async function refusal(promise: Promise<unknown>): Promise<IntercomOpsError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!(error instanceof IntercomOpsError)) throw error;
    return error;
  }
}

function expectPlannedLikeSpec(v: Version, entry: ApiOperationEntry, params: Record<string, unknown>, plan: any): void {
  const what = `${entry.name} ${JSON.stringify(params).slice(0, 300)}`;
  expect(v.specOperation(entry.method, entry.path), `${entry.method} ${entry.path} is in the spec`).toBeDefined();
  if (entry.operationId) expect(v.specOperation(entry.method, entry.path)!.operationId, what).toBe(entry.operationId);
  const [request] = plan.requests;
  expect(request.method, what).toBe(entry.method);
  const path = entry.path.replace(/\{([^}]+)\}/g, (_: string, name: string) => encodeURIComponent(String(params[name])));
  const [beforeQuery, query = ''] = String(request.url).split(/\?(.*)/s);
  expect(beforeQuery, what).toBe(`${BASE_URL}${path}`);
  const search = new URLSearchParams(query);
  for (const parameter of entry.parameters.filter((p) => p.in === 'query')) {
    const value = params[parameter.name];
    if (value === undefined || value === null) continue;
    if (['string', 'number', 'boolean'].includes(typeof value)) expect(search.getAll(parameter.name), `${what} ?${parameter.name}`).toContain(String(value));
  }
  if (entry.body && params.$body !== undefined && !usesEpochSeconds(entry.paramsSchema)) {
    expect(JSON.stringify(request.body), what).toBe(JSON.stringify(params.$body));
  }
  if (params.$body === undefined) expect(request.body, what).toBeNull();
}

/** Every number and boolean leaf as the string a form or a template would give. */
function asFormStrings(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asFormStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asFormStrings(v)]));
  return value;
}

/** A value that no coercion turns into the declared type, where the schema refuses it. */
function wrongValue(validate: ValidateFunction, params: Record<string, unknown>, name: string): unknown {
  for (const candidate of [{ 'not-a-field': true }, [['nested']], 'not a value of this type']) {
    if (!validate({ ...params, [name]: candidate })) return candidate;
  }
  return undefined;
}

describe.each(VERSIONS.map((pin) => pin.version))('registry %s', (version) => {
  let v: Version;
  /** Up to three valid params objects per API operation, found by the first test, reused by the others. */
  const bases = new Map<string, Array<Record<string, unknown>>>();
  const tally: Tally = { random: 0, validRandom: 0 };
  beforeAll(async () => {
    v = await prepare(version);
  }, 240_000);
  afterAll(() => {
    console.log(`properties ${version}: ${tally.validRandom}/${tally.random} random candidates valid, ${bases.size} API operations mutated`);
  });

  it('API operations: generated valid params are accepted and dry-run to the spec’s method and route', async () => {
    const withoutValid: string[] = [];
    for (const entry of v.registry.operations.filter((e): e is ApiOperationEntry => e.kind === 'api')) {
      const accepted = await validParams(v, entry, pathNames(entry), tally, async (params) => {
        const found = bases.get(entry.name) ?? [];
        if (found.length < 3) bases.set(entry.name, [...found, params]);
        const plan = await v.dry.run(entry.name, structuredClone(params)).catch((error: unknown) => {
          throw new Error(`${entry.name} refused valid params ${JSON.stringify(params).slice(0, 300)}: ${(error as Error).message}`);
        });
        expectPlannedLikeSpec(v, entry, params, plan);
      });
      if (!accepted) withoutValid.push(entry.name);
    }
    expect(withoutValid, 'operations for which no valid params could be generated').toEqual([]);
  }, 300_000);

  it('API operations: mutated params (unknown, missing required, wrong type) are refused, naming the parameter, nothing sent', async () => {
    const before = v.calls();
    for (const entry of v.registry.operations.filter((e): e is ApiOperationEntry => e.kind === 'api')) {
      const validate = v.oracle(entry.paramsSchema);
      const valid = bases.get(entry.name)?.[0];
      if (!valid) continue; // reported by the test above
      const properties = Object.keys((entry.paramsSchema.properties ?? {}) as object);
      const required = (entry.paramsSchema.required ?? []) as string[];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('unknown', 'missing', 'wrong type'), fc.nat(), fc.string({ minLength: 1, maxLength: 12 }), async (kind, index, word) => {
          const params = structuredClone(valid);
          let named: string;
          if (kind === 'unknown') {
            named = `zz_${word}`;
            fc.pre(!properties.includes(named));
            params[named] = 1;
          } else if (kind === 'missing') {
            fc.pre(required.length > 0);
            named = required[index % required.length];
            delete params[named];
          } else {
            fc.pre(properties.length > 0);
            named = properties[index % properties.length];
            const wrong = wrongValue(validate, valid, named);
            fc.pre(wrong !== undefined);
            params[named] = wrong;
          }
          const error = await refusal(v.sending.run(entry.name, params));
          const what = `${entry.name} ${kind} ${named}`;
          expect(error?.code, what).toBe('INVALID_PARAMS');
          expect(error!.issues!.some((issue) => issue.path === `/${escape(named)}` || issue.path.startsWith(`/${escape(named)}/`)), `${what}: ${error!.message}`).toBe(true);
        }),
        { numRuns: MUTATION_RUNS },
      );
    }
    expect(v.calls() - before, 'requests sent').toBe(0);
  }, 300_000);

  it('API operations: valid params with every number and boolean written as a form string are accepted (coerced back)', async () => {
    const refused: string[] = [];
    let sameBody = 0;
    let tried = 0;
    for (const entry of v.registry.operations.filter((e): e is ApiOperationEntry => e.kind === 'api')) {
      for (const valid of bases.get(entry.name) ?? []) {
        tried++;
        const formed = asFormStrings(valid) as Record<string, unknown>;
        const outcome = await v.dry.run(entry.name, formed).catch((error: unknown) => error);
        if (outcome instanceof IntercomOpsError) refused.push(`${entry.name} ${JSON.stringify(formed).slice(0, 200)}: ${outcome.message.slice(0, 300)}`);
        else if (JSON.stringify((outcome as any).requests[0].body) === JSON.stringify(valid.$body ?? null)) sameBody++;
      }
    }
    // Not every body comes back typed: a string is itself valid where a oneOf also takes one.
    console.log(`properties ${version}: ${sameBody} of ${tried} bodies sent as the typed original after form strings`);
    expect(refused).toEqual([]);
  }, 300_000);

  it('v1 operations: valid params plan only their declared calls (or a documented refusal); unknown params are refused, nothing sent', async () => {
    const before = v.calls();
    for (const entry of v.registry.operations.filter((e): e is V1OperationEntry => e.kind === 'v1')) {
      const routes = entry.resolvedCalls.map((call) => ({ method: call.method, path: new RegExp(`^${call.path.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
      await validParams(v, entry, [], tally, async (params) => {
        const outcome = await v.dry.run(entry.name, structuredClone(params)).catch((error: unknown) => error);
        if (outcome instanceof IntercomOpsError) {
          expect(['INVALID_PARAMS', 'UNSUPPORTED'], `${entry.name}: ${outcome.message}`).toContain(outcome.code);
          return;
        }
        expect(outcome).toMatchObject({ dryRun: true, operation: entry.name });
        for (const request of (outcome as { requests: Array<{ method: string; url: string }> }).requests) {
          const path = new URL(request.url).pathname;
          // A legacy operation also calls endpoints the spec lacks; every other call is a declared one.
          if (!entry.legacy) expect(routes.some((r) => r.method === request.method && r.path.test(path)), `${entry.name} plans ${request.method} ${path}`).toBe(true);
        }
      });
      const error = await refusal(v.sending.run(entry.name, { zz_not_a_parameter: 1 }));
      expect(error?.code, entry.name).toBe(entry.unavailable ? 'UNSUPPORTED' : 'INVALID_PARAMS');
    }
    expect(v.calls() - before, 'requests sent').toBe(0);
  }, 300_000);
});
