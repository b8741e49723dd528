/**
 * The generator on the pinned version (2.10): registry contents, schema quality (strict Ajv),
 * fixes and relaxations reported, pagination detection checked by hand against the spec, and
 * the generated/ output being deterministic and up to date.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertSchemasCompile, ENTRY_SCHEMAS } from '../generator/ajv-check.js';
import { DEFAULT_OUT } from '../generator/options.js';
import { generate, generateAll } from '../generator/index.js';
import { VERSIONS } from '../spec/pins.js';
import { registryIn } from './support/registry-module.js';
import { RELAXATIONS } from '../generator/relaxations.js';
import { transformOperations, type TransformedOperations } from '../generator/transform/operation.js';
import { AJV_FORMATS } from '../generator/transform/schema.js';
import { createAjv } from '../runtime/ajv.js';
import type { ApiOperationEntry, JsonSchema, RegistryData } from '../runtime/registry-types.js';
import { SPEC_FIXES } from '../spec/fixes.js';
import { loadSpec, parseSpec, type LoadedSpec } from '../spec/load.js';
import { buildSpecModel } from '../spec/model.js';

/** The fixes that make answers' schemas hold the rows where the API puts them. */
const ANSWER_FIXES = ['conversations-answer-list', 'contact-companies-in-data'];
import { OPENAPI_DIR } from './support/shared.js';
import { formatsIn } from './support/schema-walk.js';

let spec: LoadedSpec;
let api: TransformedOperations;
const entry = (name: string): ApiOperationEntry => {
  const found = api.entries.find((e) => e.name === name);
  if (!found) throw new Error(`no operation ${name}`);
  return found;
};

beforeAll(async () => {
  spec = await loadSpec('2.10', { specDir: OPENAPI_DIR, fetch: false });
  api = transformOperations(spec.model);
});

describe('generator on 2.10: registry entries', () => {
  it('has the 108 API operations under their operationIds, in spec order', () => {
    const specIds: string[] = [];
    for (const item of Object.values<any>(spec.document.paths)) {
      for (const [method, op] of Object.entries<any>(item)) if (method !== 'parameters') specIds.push(op.operationId);
    }
    expect(api.entries).toHaveLength(108);
    expect(api.entries.map((e) => e.name)).toEqual(specIds);
    expect(api.entries.every((e) => e.operationId === e.name)).toBe(true);
    expect(api.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['listTags', 'RetrieveACompanyById', 'lisDataAttributes']));
  });

  it('compiles every paramsSchema with strict Ajv (default class, ajv-formats only)', () => {
    expect(() => assertSchemasCompile(api.entries)).not.toThrow();
  });

  it('leaves no unknown format, no $schema, no OpenAPI-only keyword (params, results and rows)', () => {
    for (const e of api.entries) {
      for (const field of ENTRY_SCHEMAS) {
        const schema = e[field];
        if (!schema) continue;
        for (const format of formatsIn(schema)) expect(AJV_FORMATS.has(format), `${e.name} ${field}: ${format}`).toBe(true);
        const text = JSON.stringify(schema);
        expect(text, `${e.name} ${field}`).not.toMatch(/"\$schema"|"nullable"|"example"|"discriminator"|"x-[a-z-]+":|#\/components\//);
      }
    }
    // 3 timestamps in params, the rest in answers (created_at, updated_at, … of admins, contacts,
    // tickets); integer timestamps tagged date-time: 9 converted for params, the rest in answers.
    expect(api.converter.stats.formats).toEqual({ timestamp: 32, 'date-time on integer': 169 });
  });

  it('builds flat params: path and query by name, body under $body, headers never', () => {
    const away = entry('setAwayAdmin');
    expect(Object.keys(away.paramsSchema.properties as object)).toEqual(['id', '$body']);
    // Every 2.10 body is optional in the spec; this one's schema requires two properties, so no
    // request without it can succeed (rule body-required-by-schema).
    expect(away.paramsSchema.required).toEqual(['id', '$body']);
    expect(away.paramsSchema.additionalProperties).toBe(false);
    expect(away.body).toEqual({ required: true, contentType: 'application/json' });
    expect(api.notes).toContainEqual(expect.objectContaining({ operation: 'setAwayAdmin', rule: 'body-required-by-schema' }));
    // A body whose schema requires nothing stays optional.
    const optional = api.entries.filter((e) => e.body && !e.body.required).map((e) => e.name);
    expect(optional.length).toBeGreaterThan(0);
    for (const name of optional) expect(entry(name).paramsSchema.required ?? []).not.toContain('$body');
    for (const e of api.entries) expect(Object.keys(e.paramsSchema.properties as object)).not.toContain('Intercom-Version');
    expect(entry('retrieveConversation').parameters).toEqual([
      { name: 'id', in: 'path', required: true, style: 'simple', explode: false },
      { name: 'display_as', in: 'query', required: false, style: 'form', explode: true },
    ]);
  });

  it('keeps lisDataEvents filter as an object query param with the spec style', () => {
    const events = entry('lisDataEvents');
    expect(events.parameters.find((p) => p.name === 'filter')).toEqual({ name: 'filter', in: 'query', required: true, style: 'form', explode: true });
    const filter = (events.paramsSchema.properties as Record<string, JsonSchema>).filter!;
    expect(filter.type).toBe('object');
    expect(events.paramsSchema.required).toEqual(['filter', 'type']);
  });

  it('makes each paramsSchema self-contained: $defs hold exactly the components it reaches', () => {
    const search = entry('SearchContacts');
    const defs = search.paramsSchema.$defs as Record<string, JsonSchema>;
    expect(Object.keys(defs)).toEqual([...Object.keys(defs)].sort());
    expect(Object.keys(defs)).toEqual(expect.arrayContaining(['search_request', 'single_filter_search_request', 'multiple_filter_search_request']));
    expect(JSON.stringify(search.paramsSchema)).toContain('"$ref":"#/$defs/multiple_filter_search_request"');
    expect(entry('listTags').paramsSchema).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    for (const e of api.entries) {
      const refs = new Set([...JSON.stringify(e.paramsSchema).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]));
      expect(new Set(Object.keys((e.paramsSchema.$defs as object) ?? {})), e.name).toEqual(refs);
    }
  });

  it('marks GETs and reading POSTs read-only, and only those', () => {
    const readOnlyPosts = api.entries.filter((e) => e.method === 'POST' && e.readOnly).map((e) => e.name);
    expect(readOnlyPosts.sort()).toEqual(['SearchContacts', 'listAllCompanies', 'searchConversations', 'searchTickets']);
    expect(api.entries.filter((e) => e.method === 'GET').every((e) => e.readOnly)).toBe(true);
    expect(api.entries.filter((e) => !['GET', 'POST'].includes(e.method)).some((e) => e.readOnly)).toBe(false);
  });

  it('detects pagination as checked by hand against the 2.10 spec', () => {
    const paged = Object.fromEntries(
      api.entries.filter((e) => e.pagination).map((e) => [e.name, { style: e.pagination!.style, rowsPath: e.pagination!.rowsPath }]),
    );
    expect(paged).toEqual({
      // query starting_after + per_page; its answer is declared conversation_list by fix
      // conversations-answer-list (upstream: paginated_response.data, but its examples and the API
      // answer `conversations`)
      listConversations: { style: 'cursor-query', rowsPath: 'conversations' },
      // body pagination.starting_after (starting_after_paging)
      SearchContacts: { style: 'cursor-body', rowsPath: 'data' },
      searchConversations: { style: 'cursor-body', rowsPath: 'conversations' },
      searchTickets: { style: 'cursor-body', rowsPath: 'tickets' },
      // query page + per_page
      retrieveCompany: { style: 'page', rowsPath: 'data' },
      listAllCompanies: { style: 'page', rowsPath: 'data' },
      // query scroll_param, echoed back as scroll_param
      scrollOverAllCompanies: { style: 'scroll', rowsPath: 'data' },
      // page + per_page declared by fix declare-paging-parameters (2.11 declares them on these
      // routes; the SDK sends them for /contacts/{id}/companies); listCompaniesForAContact's rows
      // are `data` by fix contact-companies-in-data (upstream: `companies`, every example `data`)
      listArticles: { style: 'page', rowsPath: 'data' },
      listAllCollections: { style: 'page', rowsPath: 'data' },
      ListAttachedContacts: { style: 'page', rowsPath: 'data' },
      listCompaniesForAContact: { style: 'page', rowsPath: 'data' },
      listNotes: { style: 'page', rowsPath: 'data' },
      // The same for help centers, whose answer has no `pages` (one page, read as such).
      listHelpCenters: { style: 'page', rowsPath: 'data' },
      // page, per_page and starting_after declared by the same fix: the cursor wins
      ListContacts: { style: 'cursor-query', rowsPath: 'data' },
      // Its answer is declared data_event_list | data_event_summary by fix events-answer-list;
      // pages.next is a URL.
      lisDataEvents: { style: 'next-url', rowsPath: 'events' },
      // The answer holds `pages`, the request no paging parameter, and no version or SDK
      // declares one: paged by the answer alone (a pages.next URL is followed).
      listActivityLogs: { style: 'answer-pages', rowsPath: 'activity_logs' },
      searchArticles: { style: 'answer-pages', rowsPath: 'data.articles' },
      listNewsItems: { style: 'answer-pages', rowsPath: 'data' },
      listLiveNewsfeedItems: { style: 'answer-pages', rowsPath: 'data' },
      listNewsfeeds: { style: 'answer-pages', rowsPath: 'data' },
      listSegments: { style: 'answer-pages', rowsPath: 'segments' },
    });
    // Upstream, without the listed paging fix, ListAttachedContacts takes no paging parameter.
    const withoutPagingFix = parseSpec(readFileSync(spec.source.path, 'utf8'), SPEC_FIXES.filter((f) => f.id !== 'declare-paging-parameters'));
    const unfixedEntries = transformOperations(buildSpecModel('2.10', withoutPagingFix.document)).entries;
    expect(unfixedEntries.find((e) => e.name === 'ListAttachedContacts')!.pagination!.style).toBe('answer-pages');
    expect(unfixedEntries.find((e) => e.name === 'ListContacts')!.paramsSchema.properties).not.toHaveProperty('per_page');
    expect(entry('ListContacts').paramsSchema.properties).toHaveProperty('per_page');
    // With the answer fixes the schemas name the rows the examples hold. Without them, rule
    // rows-from-example finds the rows in the examples, and generation stops: the answer's schema
    // must declare the rows iterate() streams (rowSchema).
    expect(api.notes.filter((n) => n.rule === 'rows-from-example')).toEqual([]);
    const upstream = parseSpec(readFileSync(spec.source.path, 'utf8'), SPEC_FIXES.filter((f) => !ANSWER_FIXES.includes(f.id)));
    expect(() => transformOperations(buildSpecModel('2.10', upstream.document))).toThrow(
      /listCompaniesForAContact\): pages with rows at "data", but its answer's schema declares no array there/,
    );
  });

  it('falls back from summary to the first sentence of the description, then METHOD path', async () => {
    const { summaryOf } = await import('../generator/transform/operation.js');
    expect(summaryOf({ description: 'Lists things. More text here.' }, 'GET', '/x')).toBe('Lists things.');
    expect(summaryOf({ description: 'First line\nsecond line' }, 'GET', '/x')).toBe('First line');
    expect(summaryOf({}, 'DELETE', '/x/{id}')).toBe('DELETE /x/{id}');
    expect(api.entries.every((e) => e.summary.length > 0)).toBe(true);
  });
});

describe('generator on 2.10: fixes and relaxations', () => {
  it('reports the load-time fix and the createTag relaxation', () => {
    expect(spec.fixesApplied.map((f) => [f.id, f.count])).toEqual([
      ['define-custom-attributes', 1],
      ['notes-contact-id-string', 2],
      ['contact-id-not-uuid', 1],
      ['scalar-attribute-values', 2],
      ['events-answer-list', 1],
      ['conversations-answer-list', 1],
      ['contact-companies-in-data', 1],
      ['nullable-references', 10],
      ['answers-null', 9],
      ['relative-urls', 6],
      ['visitor-email-empty', 1],
      ['declare-paging-parameters', 16],
    ]);
    expect(api.relaxations).toEqual([
      expect.objectContaining({ id: 'createTag-body-anyOf', operation: 'createTag', pointer: '/properties/$body', change: 'oneOf-to-anyOf' }),
    ]);
  });

  it('proves the relaxation: strict oneOf rejects a valid createTag request, the relaxed schema accepts it', () => {
    const relaxed = entry('createTag');
    // The body as the spec writes it (the listed relaxation and the overlapping-oneOf rule both undone).
    const unrelaxed = structuredClone(relaxed);
    const body = (unrelaxed.paramsSchema.properties as Record<string, Record<string, unknown>>).$body;
    body.oneOf = body.anyOf;
    delete body.anyOf;
    const ajv = createAjv();
    const strict = ajv.compile(unrelaxed.paramsSchema);
    const loose = ajv.compile(relaxed.paramsSchema);
    // The spec's own "Tag Company Request Payload", documented on the Tags reference page.
    const tagCompanies = { $body: { name: 'Independent', companies: [{ company_id: '6' }] } };
    const tagUsers = { $body: { name: 'Independent', users: [{ id: '5f7f0d217289f8d2f4262080' }] } };
    expect(strict(tagCompanies)).toBe(false);
    expect(strict.errors?.some((e) => e.keyword === 'oneOf')).toBe(true);
    expect(loose(tagCompanies)).toBe(true);
    expect(loose(tagUsers)).toBe(true);
    expect(loose({ $body: { name: 'VIP' } })).toBe(true);
    // Still a schema: a body matching no branch is rejected.
    expect(loose({ $body: { companies: [] } })).toBe(false);
    expect(loose({ $body: { name: 'VIP' }, extra: 1 })).toBe(false);
  });

  it('lists every relaxation with an id, operation, pointer and reason', () => {
    for (const r of RELAXATIONS) {
      expect(r.id).toMatch(/^[A-Za-z0-9-]+$/);
      expect(r.pointer.startsWith('/')).toBe(true);
      expect(r.reason.length).toBeGreaterThan(40);
    }
  });
});

describe('generate(): output files', () => {
  let first: string;
  let result: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    first = mkdtempSync(join(tmpdir(), 'iops-gen-a-'));
    result = await generate({ specVersion: '2.10', specDir: OPENAPI_DIR, fetch: false, out: first });
  });

  it('writes schema.ts, client.ts, registry.ts, operation-types.ts, index.ts, validators, manifest.json with a do-not-edit header and no timestamp', async () => {
    const modules = result.files.filter((name) => name.startsWith('validators/'));
    expect(result.files.filter((name) => !modules.includes(name))).toEqual(['schema.ts', 'client.ts', 'registry.ts', 'operation-types.ts', 'index.ts', 'validators.ts', 'manifest.json']);
    // The pinned version's precompiled params validators: one module per distinct params schema of its 108 API operations.
    expect(modules.length).toBeGreaterThan(50);
    expect(modules.every((name) => /^validators\/[0-9a-f]{16}\.ts$/.test(name))).toBe(true);
    expect(result.stale).toEqual(result.files); // a fresh folder: everything was written
    for (const name of result.files) {
      const text = readFileSync(join(first, name), 'utf8');
      expect(text.slice(0, 400), name).toMatch(/Generated by intercom-ops from the Intercom OpenAPI description 2\.10 \(sha256 a2fae4d6/);
      expect(text.slice(0, 400), name).toMatch(/Do not edit/);
      expect(text.slice(0, 400), name).not.toMatch(/20\d\d-\d\d-\d\d/);
    }
    const registry: RegistryData = await registryIn(first);
    expect(registry.version).toBe('2.10');
    expect(registry.intercomVersion).toBe('2.10');
    // An ES module holding one JSON string (the packed registry): no file is read when it is imported.
    expect(readFileSync(join(first, 'registry.ts'), 'utf8')).toMatch(/^const packed: PackedData = JSON\.parse\('\{"shared":\[/m);
    expect(registry.operations.filter((e) => e.kind === 'api')).toHaveLength(108);
    const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8'));
    expect(manifest.spec).toMatchObject({ version: '2.10', sha256: 'a2fae4d652da5fb4ceffc3d7e8b509d68f473e2263f338d462504d76ef86f613' });
    expect(manifest.spec.url).toMatch(/8889625a7b931d8649e18726e7f872ff073520fc\/descriptions\/2\.10\//);
    expect(manifest.fixesApplied.map((f: any) => f.id)).toEqual(spec.fixesApplied.map((f) => f.id));
    expect(manifest.relaxationsApplied.map((r: any) => r.id)).toEqual(['createTag-body-anyOf']);
    expect(manifest.counts).toMatchObject({ api: 108, apiPaginated: { 'answer-pages': 6, 'cursor-body': 3, 'cursor-query': 2, 'next-url': 1, page: 8, scroll: 1 } });
    expect(manifest.paging).toMatchObject({ answeringPages: 20, answeringPagesIterable: 20, iterable: 21, notIterable: [] });
    expect(manifest.paging.declaredByFix).toContainEqual({
      operation: 'ListContacts',
      parameters: ['page', 'per_page', 'starting_after'],
      evidence: expect.stringMatching(/^2\.11 declares/),
    });
    // No package version in it: a release that changes nothing generated leaves the output current.
    expect(manifest.generator).toEqual({ name: 'intercom-ops' });
  });

  it('emits one typed client function per operation', () => {
    const client = readFileSync(join(first, 'client.ts'), 'utf8');
    expect(client).toContain("import type { paths } from './schema.js';");
    expect(client).toMatch(/export function createIntercomClient\(/);
    expect(client).toMatch(/export function listTags<Init extends MaybeOptionalInit<paths\['\/tags'\], 'get'>>\(/);
    expect(client).toMatch(/export function RetrieveACompanyById</);
    expect(client.match(/^export function (?!createIntercomClient)\w+</gm)).toHaveLength(108);
  });

  it('is deterministic: a second run into another folder is byte-identical', async () => {
    const second = mkdtempSync(join(tmpdir(), 'iops-gen-b-'));
    await generate({ specVersion: '2.10', specDir: OPENAPI_DIR, fetch: false, out: second });
    for (const name of result.files) {
      expect(readFileSync(join(second, name), 'utf8'), name).toBe(readFileSync(join(first, name), 'utf8'));
    }
    const rerun = await generate({ specVersion: '2.10', specDir: OPENAPI_DIR, fetch: false, out: second });
    expect(rerun.stale).toEqual([]);
  });

  it('takes an explicit spec file (--spec) and recognises a pinned one by its sha256', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iops-gen-path-'));
    const fromFile = await generate({ specPath: join(OPENAPI_DIR, '2.10', 'api.intercom.io.yaml'), out, fetch: false });
    expect(fromFile.version).toBe('2.10');
    for (const name of result.files) expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(first, name), 'utf8'));
  });

  it('check mode: the committed generated/ (every version) is up to date; a modified copy is reported stale and left alone', { timeout: 300_000 }, async () => {
    const committed = await generateAll({ specDir: OPENAPI_DIR, fetch: false, check: true });
    expect(committed.versions.map((v) => v.version)).toEqual(VERSIONS.map((pin) => pin.version));
    expect(committed.out).toBe(DEFAULT_OUT);
    expect(committed.stale).toEqual([]);
    expect(committed.files).toEqual(expect.arrayContaining(['versions.ts', 'pinned.ts', 'client.ts', '2.14/registry.ts', 'preview/index.ts']));

    const copy = mkdtempSync(join(tmpdir(), 'iops-gen-check-'));
    cpSync(join(DEFAULT_OUT, '2.10'), copy, { recursive: true });
    const edited = readFileSync(join(copy, 'client.ts'), 'utf8').replace('export function listTags', 'export function listTagz');
    writeFileSync(join(copy, 'client.ts'), edited);
    const checked = await generate({ specDir: OPENAPI_DIR, fetch: false, check: true, out: copy });
    expect(checked.stale).toEqual(['client.ts']);
    expect(readFileSync(join(copy, 'client.ts'), 'utf8')).toBe(edited); // check mode writes nothing

    // A file the generator does not write is reported too (it would be compiled and shipped);
    // the last bump's version report is not.
    writeFileSync(join(copy, 'client.ts'), readFileSync(join(DEFAULT_OUT, '2.10', 'client.ts')));
    writeFileSync(join(copy, 'extra.ts'), 'export {};\n');
    writeFileSync(join(copy, 'version-report.md'), '# 2.9 → 2.10\n');
    const stray = await generate({ specDir: OPENAPI_DIR, fetch: false, check: true, out: copy });
    expect(stray.stale).toEqual(['extra.ts (not generated: remove it)']);
  });
});
