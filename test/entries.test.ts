/**
 * Every version through both doors: each API operation of each version, dry-run through the root
 * entry's `version` option and through `intercom-ops/<version>` (generated/<version>/index.ts),
 * checked against that version's own description (not the registry): the method, the path with
 * the description's own parameter names filled in (2.14's `retrieveAdmin` takes `admin_id`),
 * query parameter names the description declares, and the `Intercom-Version` header it declares
 * (`Preview` for preview). A name a version lacks is UNKNOWN_OPERATION naming the version.
 */
import { describe, expect, it } from 'vitest';
import { createRunner as rootCreateRunner, operations as rootOperations, operationsOf, run as rootRun, type DryRunPlan } from '../entry/index.js';
import { SUPPORTED_VERSIONS } from '../generated/versions.js';
import type { ApiOperationEntry, OperationEntry } from '../runtime/registry-types.js';
import { createAjv } from '../runtime/ajv.js';
import { exampleParams, sampleParams } from '../runtime/example-params.js';
import { loadSpec } from '../spec/load.js';
import { OPENAPI_DIR } from './support/shared.js';
import { failure } from './support/failure.js';

/** What the test reads of an entry (each entry's own types are narrower: its VERSION literal, its names). */
interface Entry {
  VERSION: string;
  run: unknown;
  operations: Readonly<Record<string, OperationEntry>>;
}
/** Literal specifiers, as a bundler would see them. */
const ENTRIES: Record<string, () => Promise<Entry>> = {
  '2.7': () => import('../generated/2.7/index.js'),
  '2.8': () => import('../generated/2.8/index.js'),
  '2.9': () => import('../generated/2.9/index.js'),
  '2.10': () => import('../generated/2.10/index.js'),
  '2.11': () => import('../generated/2.11/index.js'),
  '2.12': () => import('../generated/2.12/index.js'),
  '2.13': () => import('../generated/2.13/index.js'),
  '2.14': () => import('../generated/2.14/index.js'),
  '2.15': () => import('../generated/2.15/index.js'),
  '2.16': () => import('../generated/2.16/index.js'),
  preview: () => import('../generated/preview/index.js'),
};

// A loose view of the root: names are checked against the description here, not by the compiler.
const dryRunRoot = rootRun as (name: string, params: Record<string, unknown>, options: object) => Promise<unknown>;
const noNetwork = (() => {
  throw new Error('a dry run must not fetch');
}) as unknown as typeof globalThis.fetch;

describe('the entries cover every version', () => {
  it('one intercom-ops/<version> entry per supported version', () => {
    expect(Object.keys(ENTRIES)).toEqual([...SUPPORTED_VERSIONS]);
  });
});

describe.each([...SUPPORTED_VERSIONS])('%s through the root version option and through its own entry', (version) => {
  it('every API operation: method, path and parameter names, and header of the description', { timeout: 120_000 }, async () => {
    const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    const header = spec.document.components.schemas.intercom_version.default;
    const entry = await ENTRIES[version]();
    expect(entry.VERSION).toBe(version);
    const checked: string[] = [];
    const unsampled: string[] = [];
    const ajv = createAjv();
    for (const operation of spec.model.operations) {
      const registryEntry = entry.operations[operation.name] as ApiOperationEntry | undefined;
      expect(registryEntry, `${operation.where} in the ${version} entry`).toBeDefined();
      // The schema-driven sampler cannot satisfy every oneOf body: such operations are listed, and few.
      const validate = ajv.compile(registryEntry!.paramsSchema);
      const params = [exampleParams(registryEntry!.paramsSchema), sampleParams(registryEntry!.paramsSchema) as Record<string, unknown>].find((p) => validate(p));
      if (!params) {
        unsampled.push(operation.name);
        continue;
      }
      // The description's own path parameter names are the params' names.
      const pathNames = operation.pathParameters.map((p) => String(p.name));
      for (const name of pathNames) expect(params, `${operation.where}: path parameter ${name}`).toHaveProperty(name);
      const options = { dryRun: true, fetch: noNetwork };
      const viaRoot = (await dryRunRoot(operation.name, params, { ...options, version })) as DryRunPlan;
      const viaEntry = (await (entry.run as unknown as typeof dryRunRoot)(operation.name, params, options)) as DryRunPlan;
      expect(viaEntry, `${operation.where}: the same plan through both doors`).toEqual(viaRoot);
      expect(viaRoot.requests).toHaveLength(1);
      const [request] = viaRoot.requests;
      expect(request.method).toBe(operation.method);
      const url = new URL(request.url);
      const expectedPath = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
      expect(url.pathname, operation.where).toBe(expectedPath);
      const declaredQuery = new Set(operation.queryParameters.map((p) => String(p.name)));
      for (const key of new Set([...url.searchParams.keys()].map((k) => k.replace(/\[.*$/, '')))) {
        // A form-exploded object parameter (lisDataEvents' filter) sends its properties by name.
        const exploded = operation.queryParameters.some((p) => p.explode !== false && (p.schema?.type === 'object' || p.schema?.$ref));
        expect(declaredQuery.has(key) || exploded, `${operation.where}: query ${key} is declared`).toBe(true);
      }
      expect(request.headers['Intercom-Version'], operation.where).toBe(header);
      checked.push(operation.name);
    }
    expect(checked.length + unsampled.length).toBe(spec.model.operations.length);
    expect(unsampled.length, `no valid sample params: ${unsampled.join(', ')}`).toBeLessThanOrEqual(Math.ceil(spec.model.operations.length * 0.05));
  });
});

describe('version selection', () => {
  it('2.14 renamed retrieveAdmin\'s path key: {admin_id} there, {id} in 2.10', async () => {
    const v214 = (await dryRunRoot('retrieveAdmin', { admin_id: 7 }, { dryRun: true, version: '2.14' })) as DryRunPlan;
    expect(v214.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.intercom.io/admins/7' });
    expect(v214.requests[0].headers['Intercom-Version']).toBe('2.14');
    const wrong = await failure(dryRunRoot('retrieveAdmin', { id: 7 }, { dryRun: true, version: '2.14' }));
    expect(wrong).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(wrong.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/id']));
  });

  it('either spelling of Preview; the header its description declares', async () => {
    for (const version of ['preview', 'Preview']) {
      const plan = (await dryRunRoot('listTags', {}, { dryRun: true, version })) as DryRunPlan;
      expect(plan.requests[0].headers['Intercom-Version']).toBe('Preview');
    }
  });

  it('a name the version lacks is UNKNOWN_OPERATION naming the version; an unknown version is CONFIG', async () => {
    // lisDataAttributes is listDataAttributes in 2.11 only.
    const missing = await failure(dryRunRoot('lisDataAttributes', {}, { dryRun: true, version: '2.11' }));
    expect(missing).toMatchObject({ code: 'UNKNOWN_OPERATION', operation: 'lisDataAttributes' });
    expect(missing.message).toMatch(/in Intercom API 2\.11/);
    expect(missing.suggestions).toContain('listDataAttributes');
    const unknown = await failure(dryRunRoot('listTags', {}, { dryRun: true, version: '2.99' }));
    expect(unknown).toMatchObject({ code: 'CONFIG' });
    expect(unknown.message).toMatch(/unknown version "2\.99"; the versions are 2\.7, .*preview/);
  });

  it('a runner created for another version describes that version\'s operations, never the entry\'s', async () => {
    const runner = rootCreateRunner({ version: '2.14', dryRun: true });
    // Read at once (its registry is imported asynchronously): CONFIG saying where to get them, not 2.10's entries.
    expect(() => runner.operations).toThrow(expect.objectContaining({ code: 'CONFIG', message: expect.stringMatching(/operationsOf\("2\.14"\)/) }));
    await runner.run('listTags');
    expect(Object.keys(runner.operations)).toHaveLength(207);
    expect(Object.keys(runner.operations.retrieveAdmin.paramsSchema.properties as object)).toEqual(['admin_id']);
    expect(Object.keys(rootCreateRunner({ version: '2.10' }).operations)).toHaveLength(165);
    // An unknown version: its CONFIG error, once the import has failed.
    const unknown = rootCreateRunner({ version: '2.99' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(() => unknown.operations).toThrow(/unknown version "2\.99"/);
  });

  it('one registry per version in the process: the version option, its own entry and every runner share it', async () => {
    const entry = await ENTRIES['2.14']();
    const runner = rootCreateRunner({ version: '2.14', dryRun: true });
    await runner.run('listTags');
    // The same objects, so each entry is expanded and each validator compiled once per process.
    expect(await operationsOf('2.14')).toBe(entry.operations);
    expect(runner.operations).toBe(entry.operations);
    expect(await operationsOf('2.10')).toBe(rootOperations);
    expect((await ENTRIES['2.10']()).operations).toBe(rootOperations);
  });

  it('v1 bindings of the selected version: get_admin fills 2.14\'s path key', async () => {
    const plan = (await dryRunRoot('get_admin', { id: '991267921' }, { dryRun: true, version: '2.14' })) as DryRunPlan;
    expect(plan.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.intercom.io/admins/991267921' });
    expect(plan.requests[0].headers['Intercom-Version']).toBe('2.14');
  });
});
