/**
 * Every published Intercom API version. The committed generated/<version>/ output of each of the
 * 11 pinned versions (kept current by generator.test.ts's check of all of them; type-checked
 * strictly by `tsc -p tsconfig.test.json`, which `npm test` runs first) has its registry checked
 * against its spec (every operation, the declared Intercom-Version; all 57 v1 operations bound or
 * marked unavailable), and every v1 operation is dry-run against it through the root entry's
 * `version` option: the URLs must be the ones 2.10 gives. Then the version-bump step of
 * `generate` into a folder (report written on a version change, byte-identical regeneration,
 * --check), which generates into temp folders; timings are printed at the end.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../generator/index.js';
import { loadSpec } from '../spec/load.js';
import { PINNED_VERSION, VERSIONS } from '../spec/pins.js';
import { REPO_ROOT } from '../spec/repo-root.js';
import { REGISTRY_LOADERS, SUPPORTED_VERSIONS, type SupportedVersion } from '../generated/versions.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { createGateAjv } from '../generator/ajv-check.js';
import type { ApiOperationEntry, JsonSchema, RegistryData, V1OperationEntry } from '../runtime/registry-types.js';
import { createTypechecker, writeEsmMarker, type Typechecker } from './support/typecheck.js';
import { sampleParams } from '../runtime/example-params.js';
import { OPENAPI_DIR, V1_OPERATION_LIST } from './support/shared.js';
import { readSeedList } from './support/v1-seed.js';
import { registryIn } from './support/registry-module.js';

const ALL = VERSIONS.map((pin) => pin.version);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Generated {
  out: string;
  result: GenerateResult;
  registry: RegistryData;
  ms: number;
}

const root = mkdtempSync(join(tmpdir(), 'iops-versions-'));
writeEsmMarker(root);
const cache = new Map<string, Promise<Generated>>();
const timings = new Map<string, { generate?: number; typecheck?: number; operations?: number }>();
let checker: Typechecker;

function timing(version: string) {
  let t = timings.get(version);
  if (!t) timings.set(version, (t = {}));
  return t;
}

/** Generates a version once per test file (serially: two cores, and each run is memory-heavy). */
let queue: Promise<unknown> = Promise.resolve();
function generated(version: string): Promise<Generated> {
  let entry = cache.get(version);
  if (!entry) {
    entry = queue.then(async () => {
      const out = join(root, version);
      const started = performance.now();
      const result = await generate({ specVersion: version, specDir: OPENAPI_DIR, out, fetch: false });
      const ms = performance.now() - started;
      timing(version).generate = ms;
      const registry = await registryIn(out);
      return { out, result, registry, ms };
    });
    queue = entry.catch(() => undefined);
    cache.set(version, entry);
  }
  return entry;
}

const apiEntries = (r: RegistryData) => r.operations.filter((e): e is ApiOperationEntry => e.kind === 'api');
const v1Entries = (r: RegistryData) => r.operations.filter((e): e is V1OperationEntry => e.kind === 'v1');

beforeAll(() => {
  checker = createTypechecker();
});

afterAll(() => {
  const rows = ALL.filter((v) => timings.has(v)).map((v) => {
    const t = timings.get(v)!;
    // A version this file did not generate or type-check shows '-', not NaN.
    const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(0)).padStart(6);
    return `${v.padEnd(8)} ${String(t.operations ?? '').padStart(4)} ops  generate ${ms(t.generate)} ms  typecheck ${ms(t.typecheck)} ms`;
  });
  const sum = (key: 'generate' | 'typecheck') => [...timings.values()].reduce((n, t) => n + (t[key] ?? 0), 0);
  console.log(
    `versions: per-version generation and type-check (shared CompilerHost)\n${rows.join('\n')}\n` +
      `total    generate ${sum('generate').toFixed(0)} ms, typecheck ${sum('typecheck').toFixed(0)} ms`,
  );
  rmSync(root, { recursive: true, force: true });
});

const seedNames = readSeedList(V1_OPERATION_LIST).map((op) => op.name).sort();

/** The committed registry of a version (generated/<version>/registry.ts, through the loader table the entries use). */
async function committed(version: string): Promise<RegistryData> {
  return unpackRegistry(await REGISTRY_LOADERS[version as SupportedVersion]());
}

describe('the committed output holds every pinned version', () => {
  it('SUPPORTED_VERSIONS lists spec/versions.json in order; the pin is the root entry\'s', async () => {
    expect([...SUPPORTED_VERSIONS]).toEqual(ALL);
    expect(Object.keys(REGISTRY_LOADERS)).toEqual(ALL);
    const root = await import('../entry/index.js');
    expect(root.VERSION).toBe(PINNED_VERSION);
    expect([...root.SUPPORTED_VERSIONS]).toEqual(ALL);
  });
});

describe.each(ALL)('spec %s', (version) => {
  it('has a registry entry for every operation of that spec, and the header value its description declares', { timeout: 120_000 }, async () => {
    const registry = await committed(version);
    expect(registry.version).toBe(version);
    const { document } = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    expect(registry.intercomVersion).toBe(document.components.schemas.intercom_version.default);
    expect(registry.intercomVersion).toBe(version === 'preview' ? 'Preview' : version);
    const specOps: Array<{ method: string; path: string; operationId: string | null }> = [];
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      for (const method of METHODS) {
        if (item[method]) specOps.push({ method: method.toUpperCase(), path, operationId: item[method].operationId ?? null });
      }
    }
    const api = apiEntries(registry);
    timing(version).operations = specOps.length;
    expect(api).toHaveLength(specOps.length);
    expect(api.map((e) => `${e.method} ${e.path}`).sort()).toEqual(specOps.map((o) => `${o.method} ${o.path}`).sort());
    for (const op of specOps.filter((o) => o.operationId)) {
      expect(api.find((e) => e.method === op.method && e.path === op.path)?.name).toBe(op.operationId);
    }
    // From 2.14 on four operations have no operationId; they still get (derived, unique) names.
    const unnamed = specOps.filter((o) => !o.operationId);
    expect(unnamed).toHaveLength(['2.14', '2.15', '2.16', 'preview'].includes(version) ? 4 : 0);
    expect(new Set(registry.operations.map((e) => e.name)).size).toBe(registry.operations.length);
  });

  it('binds all 57 v1 operations (or marks them unavailable with a reason)', { timeout: 120_000 }, async () => {
    const registry = await committed(version);
    const v1 = v1Entries(registry);
    expect(v1.map((e) => e.name).sort()).toEqual(seedNames);
    expect(v1).toHaveLength(57);
    const api = new Map(apiEntries(registry).map((e) => [e.name, e]));
    for (const entry of v1) {
      if (entry.unavailable !== null) {
        expect(entry.unavailable, `${entry.name}: unavailable needs a reason`).toMatch(/\w{3,}/);
        continue;
      }
      expect(entry.resolvedCalls.length + (entry.legacy ? 1 : 0), `${entry.name} calls nothing`).toBeGreaterThan(0);
      for (const call of entry.resolvedCalls) {
        const target = api.get(call.name);
        expect(target, `${entry.name} → ${call.name}`).toBeDefined();
        expect(`${target!.method} ${target!.path}`).toBe(`${call.method} ${call.path}`);
      }
      expect(entry.calls).toEqual(entry.resolvedCalls.map((c) => c.name));
    }
  });
});

describe.each(ALL)('spec %s: answer schemas', (version) => {
  it('every entry carries a resultSchema and, where iterate() pages, a rowSchema; each compiles under strict Ajv', { timeout: 120_000 }, async () => {
    const registry = await committed(version);
    const out = join(REPO_ROOT, 'generated', version);
    const { model } = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    const byName = new Map(model.operations.map((o) => [o.name, o]));
    // The registry as shipped (registry.ts), compiled afresh: the gate's strictness, one Ajv per version.
    const ajv = createGateAjv();
    const compiled = new Map<string, boolean>();
    const compiles = (schema: JsonSchema) => {
      const key = JSON.stringify(schema);
      if (!compiled.has(key)) {
        ajv.compile(schema);
        compiled.set(key, true);
      }
      return true;
    };
    let results = 0;
    let rows = 0;
    for (const entry of registry.operations) {
      expect(Object.hasOwn(entry, 'resultSchema') && Object.hasOwn(entry, 'rowSchema'), entry.name).toBe(true);
      if (entry.kind === 'api') {
        const op = byName.get(entry.name)!;
        const hasBody = op.successResponses.some((r) => Object.keys(r.response.content ?? {}).length > 0) || entry.responseContentType;
        // null exactly where no success answer has a body.
        expect(entry.resultSchema === null, `${entry.name} resultSchema`).toBe(!hasBody);
        expect(entry.rowSchema !== null, `${entry.name} rowSchema`).toBe(entry.pagination !== null);
      } else {
        expect(entry.resultSchema, `${entry.name} resultSchema`).not.toBeNull();
        if (entry.resultsPath) {
          expect(entry.rowSchema, entry.name).not.toBeNull();
          expect((entry.resultSchema!.anyOf as JsonSchema[])[1]).toMatchObject({ type: 'array', items: expect.any(Object) });
        }
      }
      for (const schema of [entry.resultSchema, entry.rowSchema]) {
        if (!schema) continue;
        expect(() => compiles(schema), `${entry.name} in ${out}`).not.toThrow();
        // Self-contained: every $ref points into its own $defs.
        for (const ref of JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? []) expect(ref, entry.name).toMatch(/"\$ref":"#\/\$defs\//);
      }
      if (entry.resultSchema) results++;
      if (entry.rowSchema) rows++;
    }
    expect(results).toBeGreaterThan(registry.operations.length * 0.9);
    expect(rows).toBeGreaterThan(10);
  });
});

describe.each(ALL)('spec %s: every list pages', (version) => {
  it('iterate() accepts every operation that answers pages; ListContacts (cursor) and listNotes (page numbers) page', { timeout: 120_000 }, async () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'generated', version, 'manifest.json'), 'utf8'));
    expect(manifest.paging.notIterable).toEqual([]);
    expect(manifest.paging.answeringPagesIterable).toBe(manifest.paging.answeringPages);
    expect(manifest.paging.answeringPages).toBeGreaterThanOrEqual(19);
    const { createRunner } = await import('../entry/index.js');
    const seen: string[] = [];
    // An in-memory Intercom: three pages for each list, by cursor or by page number.
    const fetch = async (input: string | URL | Request) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      seen.push(`${url.pathname}?${url.searchParams}`);
      const after = url.searchParams.get('starting_after');
      const page = Number(url.searchParams.get('page') ?? (after ? Number(after.slice(1)) + 1 : 1));
      const next = page < 3 ? { starting_after: `c${page}` } : null;
      const body = { type: 'list', data: [{ id: `row-${page}` }], pages: { type: 'pages', next, page, per_page: 1, total_pages: 3 } };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const runner = createRunner({ version, token: 'tok_versions_0123456789', baseUrl: 'https://api.test', fetch });
    const operations = await (await import('../entry/index.js')).operationsOf(version);
    for (const [name, params] of [['ListContacts', { per_page: 1 }], ['listNotes', { [Object.keys((operations.listNotes!.paramsSchema.properties as object))[0]!]: '6657a82f6abd0160d35d1e9d', per_page: 1 }]] as const) {
      seen.length = 0;
      const rows: unknown[] = [];
      for await (const row of runner.iterate(name as string, params as Record<string, unknown>)) rows.push(row);
      expect(rows, `${version} ${name}`).toEqual([{ id: 'row-1' }, { id: 'row-2' }, { id: 'row-3' }]);
      expect(seen, `${version} ${name}`).toHaveLength(3);
    }
  });
});

describe('type-checking has teeth', () => {
  it('a call typed for 2.10 (`{ id: 1 }`) fails against 2.11 (`{ admin_id: string }`), and the 2.11 spelling passes', { timeout: 120_000 }, async () => {
    const probe = (version: string, path: string) => {
      const file = join(root, `probe-${version}-${Object.keys(JSON.parse(path))[0]}.ts`);
      writeFileSync(
        file,
        `import { createIntercomClient, retrieveAdmin } from ${JSON.stringify(join(REPO_ROOT, 'generated', version, 'client.js'))};\n` +
          `const client = createIntercomClient({ token: 't' });\n` +
          `void retrieveAdmin(client, { params: { path: ${path} } });\n`,
      );
      const { diagnostics, ms } = checker.check([file]);
      timing(version).typecheck = ms;
      return diagnostics;
    };
    expect(probe('2.10', '{ "id": 1 }')).toEqual([]);
    expect(probe('2.11', '{ "admin_id": "1" }')).toEqual([]);
    const wrong = probe('2.11', '{ "id": 1 }');
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.join('\n')).toMatch(/admin_id/);
  });
});

// ---------------------------------------------------------------------------------------------
// Dry runs: the same URLs in every version
// ---------------------------------------------------------------------------------------------

/** Numeric-string ids are valid both where a version declares an id integer and where string. */
function numericIds(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => numericIds(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numericIds(v, k)]));
  }
  if (typeof value === 'string' && /(^|_)ids?$/.test(key)) return '4242';
  return value;
}

/**
 * Params for a later page of the scroll operations (the catalog example asks for the first): a
 * cursor page, where 2.11 requires per_page in a search `pagination` object. Every other v1
 * operation runs the catalog example the registry carries (`paramsSchema.examples[0]`), else a
 * sample of its schema with numeric-string ids.
 */
const SAMPLE_OVERRIDES: Record<string, Record<string, unknown>> = {
  scroll_leads: { scroll: 'cursor-1' },
  scroll_users: { scroll: 'cursor-1' },
};

/** The registry's example for an entry (JSON Schema `examples`), when it has one. */
function registryExample(entry: V1OperationEntry): Record<string, unknown> | undefined {
  const examples = entry.paramsSchema.examples;
  return Array.isArray(examples) && examples.length ? (examples[0] as Record<string, unknown>) : undefined;
}

type Outcome = { urls: string[]; pending: string[] } | { error: string };

/** Every available v1 operation of `version`, dry-run through the root entry's `version` option. */
async function dryRunAll(registry: RegistryData, version: string): Promise<Record<string, Outcome>> {
  const { createRunner } = await import('../entry/index.js');
  const runner = createRunner({ now: () => 1714564800 });
  const outcomes: Record<string, Outcome> = {};
  for (const entry of v1Entries(registry)) {
    if (entry.unavailable !== null) continue;
    const params =
      SAMPLE_OVERRIDES[entry.name] ??
      registryExample(entry) ??
      (numericIds(sampleParams(entry.paramsSchema)) as Record<string, unknown>);
    try {
      const plan = await runner.run(entry.name, params, { dryRun: true, version });
      outcomes[entry.name] = {
        urls: plan.requests.map((r: { method: string; url: string }) => `${r.method} ${r.url}`),
        pending: plan.pending ?? [],
      };
    } catch (error) {
      outcomes[entry.name] = { error: `${(error as { code?: string }).code ?? 'THROWN'}: ${(error as Error).message}` };
    }
  }
  return outcomes;
}

describe('v1 dry runs against every version', () => {
  let baseline: Record<string, Outcome>;
  beforeAll(async () => {
    baseline = await dryRunAll(await committed(PINNED_VERSION), PINNED_VERSION);
  }, 120_000);

  it(`plans requests for every available v1 operation under ${PINNED_VERSION}`, () => {
    const failed = Object.entries(baseline).filter(([, o]) => 'error' in o || o.urls.length === 0);
    expect(failed.map(([name, o]) => `${name}: ${JSON.stringify(o).slice(0, 200)}`)).toEqual([]);
    expect(Object.keys(baseline).length).toBeGreaterThan(50);
  });

  it.each(ALL.filter((v) => v !== PINNED_VERSION))('%s gives the same URLs as the pinned version', { timeout: 120_000 }, async (version) => {
    const registry = await committed(version);
    const outcomes = await dryRunAll(registry, version);
    const unavailable = v1Entries(registry).filter((e) => e.unavailable !== null).map((e) => e.name);
    const urls = (o: Outcome | undefined) => (o && 'urls' in o ? o.urls : o);
    for (const [name, expected] of Object.entries(baseline)) {
      if (unavailable.includes(name)) continue;
      expect(urls(outcomes[name]), `${name} under ${version}`).toEqual(urls(expected));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Intercom-Version
// ---------------------------------------------------------------------------------------------

describe('Intercom-Version header', () => {
  it('run(…, { version }) sends that version; the default is the pinned version', async () => {
    const { run, createRunner, operations } = await import('../entry/index.js');
    const chosen = await run('listTags', {}, { dryRun: true, version: '2.14' });
    expect(chosen.requests[0].headers['Intercom-Version']).toBe('2.14');
    const byDefault = await run('listTags', {}, { dryRun: true });
    expect(byDefault.requests[0].headers['Intercom-Version']).toBe(PINNED_VERSION);
    const v1 = await run('get_admin', { id: '991267921' }, { dryRun: true, version: '2.11' });
    expect(v1.requests[0].headers['Intercom-Version']).toBe('2.11');
    const preset = createRunner({ version: '2.9' });
    expect((await preset.run('listTags', {}, { dryRun: true })).requests[0].headers['Intercom-Version']).toBe('2.9');
    expect(operations.listTags).toBeDefined();
  });

  it('intercom-ops/2.14 runs 2.14 by default', { timeout: 120_000 }, async () => {
    const { createRunner } = await import('../generated/2.14/index.js');
    const runner = createRunner();
    const plan = await runner.run('get_admin', { id: '991267921' }, { dryRun: true });
    expect(plan.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.intercom.io/admins/991267921' });
    expect(plan.requests[0].headers['Intercom-Version']).toBe('2.14');
  });

  it('list and describe show the default version', async () => {
    const { listOperations, describeOperation } = await import('../cli/describe.js');
    expect(JSON.parse(listOperations(undefined, true)).version).toBe(PINNED_VERSION);
    expect(listOperations('api', false)).toContain(`Intercom API ${PINNED_VERSION}`);
    expect(JSON.parse(describeOperation('get_admin', true)).version).toBe(PINNED_VERSION);
  });
});

// ---------------------------------------------------------------------------------------------
// generate on a version bump
// ---------------------------------------------------------------------------------------------

describe('generate on a version bump', () => {
  it('writes version-report.md/.json when <out> held another version; same-version regeneration is byte-identical; --check ignores the report', { timeout: 180_000 }, async () => {
    const before = await generated('2.10');
    const out = join(root, 'bump');
    cpSync(before.out, out, { recursive: true });

    // A user's own files in the folder are kept, a validators.ts of the user's own (no generator
    // header) too; 2.10's precompiled validators (2.11 is not pinned) are removed, and their folder.
    writeFileSync(join(out, 'notes-of-mine.txt'), 'kept');
    mkdirSync(join(out, 'forms'));
    writeFileSync(join(out, 'forms', 'validators.ts'), 'export const mine = 1;\n');
    expect(existsSync(join(out, 'validators.ts'))).toBe(true);
    const bumped = await generate({ specVersion: '2.11', specDir: OPENAPI_DIR, out, fetch: false });
    expect(bumped.files).toEqual(expect.arrayContaining(['version-report.md', 'version-report.json']));
    expect(existsSync(join(out, 'validators.ts'))).toBe(false);
    expect(existsSync(join(out, 'validators'))).toBe(false);
    expect(readFileSync(join(out, 'notes-of-mine.txt'), 'utf8')).toBe('kept');
    expect(readFileSync(join(out, 'forms', 'validators.ts'), 'utf8')).toBe('export const mine = 1;\n');
    rmSync(join(out, 'notes-of-mine.txt'));
    rmSync(join(out, 'forms'), { recursive: true });
    const md = readFileSync(join(out, 'version-report.md'), 'utf8');
    const json = JSON.parse(readFileSync(join(out, 'version-report.json'), 'utf8'));
    expect(md).toMatch(/^# Intercom API 2\.10 → 2\.11/);
    expect(md).toContain('lisDataAttributes');
    expect(json).toMatchObject({ from: '2.10', to: '2.11', ok: true });
    expect(json.summary.pathParametersRenamed).toBe(52);
    expect(json.renamed).toEqual([{ method: 'GET', path: '/data_attributes', from: 'lisDataAttributes', to: 'listDataAttributes' }]);
    // The manifest never lists the report: a fresh 2.11 generation writes the same manifest.
    const fresh = await generated('2.11');
    for (const name of ['schema.ts', 'client.ts', 'registry.ts', 'manifest.json']) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(fresh.out, name), 'utf8'));
    }

    const snapshot = new Map(
      ['schema.ts', 'client.ts', 'registry.ts', 'manifest.json', 'version-report.md', 'version-report.json'].map((name) => [
        name,
        { text: readFileSync(join(out, name), 'utf8'), mtime: statSync(join(out, name)).mtimeMs },
      ]),
    );
    const again = await generate({ specVersion: '2.11', specDir: OPENAPI_DIR, out, fetch: false });
    expect(again.stale).toEqual([]);
    expect(again.files).not.toContain('version-report.md');
    for (const [name, { text, mtime }] of snapshot) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(text);
      expect(statSync(join(out, name)).mtimeMs, `${name} rewritten`).toBe(mtime);
    }
    const check = await generate({ specVersion: '2.11', specDir: OPENAPI_DIR, out, check: true, fetch: false });
    expect(check.stale).toEqual([]);

    // --check against another version flags the generated files, and writes no report.
    const checkOther = await generate({ specVersion: '2.12', specDir: OPENAPI_DIR, out, check: true, fetch: false });
    expect(checkOther.stale.length).toBeGreaterThan(0);
    expect(checkOther.stale).not.toContain('version-report.md');
    expect(readFileSync(join(out, 'version-report.md'), 'utf8')).toBe(snapshot.get('version-report.md')!.text);
  });

  it('fails (writing nothing) when a v1 binding no longer resolves; a catalog reason turns it into "unavailable"', { timeout: 180_000 }, async () => {
    const before = await generated('2.16');
    const out = join(root, 'bump-broken');
    cpSync(before.out, out, { recursive: true });
    const manifest = readFileSync(join(out, 'manifest.json'), 'utf8');
    const operation = (unavailableIn?: Record<string, string>) => ({
      name: 'needs_allowlist',
      summary: 'Reads the IP allowlist (test catalog)',
      params: [],
      targets: ['getIpAllowlist'],
      readOnly: true,
      ...(unavailableIn ? { unavailableIn } : {}),
      binding: { target: 'getIpAllowlist' },
    });
    const targets = { getIpAllowlist: { operationId: 'getIpAllowlist', method: 'GET' as const, route: '/ip_allowlist' } };

    await expect(
      generate({ specVersion: 'preview', specDir: OPENAPI_DIR, out, fetch: false, v1Catalog: { operations: [operation()], targets } }),
    ).rejects.toThrow(/needs_allowlist[\s\S]*getIpAllowlist/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(existsSync(join(out, 'version-report.json'))).toBe(false);

    const reason = 'Preview has no IP allowlist API';
    await generate({
      specVersion: 'preview',
      specDir: OPENAPI_DIR,
      out,
      fetch: false,
      v1Catalog: { operations: [operation({ preview: reason })], targets },
    });
    const report = JSON.parse(readFileSync(join(out, 'version-report.json'), 'utf8'));
    expect(report).toMatchObject({ from: '2.16', to: 'preview', ok: true });
    expect(report.v1).toEqual([
      expect.objectContaining({ name: 'needs_allowlist', status: 'unavailable', unavailable: reason }),
    ]);
    expect(readFileSync(join(out, 'version-report.md'), 'utf8')).toContain(`\`needs_allowlist\`: unavailable in preview (${reason})`);
  });

  it('a fresh output folder gets no report', { timeout: 120_000 }, async () => {
    const { out } = await generated('2.9');
    expect(existsSync(join(out, 'version-report.md'))).toBe(false);
    expect(existsSync(join(out, 'version-report.json'))).toBe(false);
  });
});
