/**
 * `diff <from> <to>`: what changed between two spec versions that matters to callers and to the
 * v1 bindings, compared on the spec models spec/load.ts builds (each file parsed once), the same
 * models the registry is generated from.
 *
 * Path keys gone between versions: 52 at 2.10→2.11, 52 back at 2.11→2.12, 65 at 2.13→2.14, 71 at
 * 2.16→Preview. That figure counts the operations of the older version whose literal `METHOD path`
 * is gone in the newer one, which mixes two things: path parameters renamed under the same URL
 * (52, 51, 65, 69) and operations removed (0, 1, 0, 2: `autoAssignConversation` at 2.11→2.12,
 * `getIpAllowlist`/`updateIpAllowlist` at 2.16→Preview). The report gives both numbers, and
 * `pathKeysChanged` the total.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareBindings, diffModels, diffVersions, type DiffReport } from '../generator/diff.js';
import { renderDiffJson, renderDiffMarkdown } from '../generator/diff-render.js';
import { transformOperations } from '../generator/transform/operation.js';
import { transformV1Operations, V1ResolutionError } from '../generator/transform/v1-operations.js';
import type { V1Catalog } from '../generator/v1-targets.js';
import { SPEC_FIXES, type SpecFix } from '../spec/fixes.js';
import { loadSpec, parseSpec, type LoadedSpec } from '../spec/load.js';
import { locateSpec } from '../spec/locate.js';
import { buildSpecModel, type SpecModel } from '../spec/model.js';
import { VERSIONS } from '../spec/pins.js';
import { targets } from '../operations/targets.js';
import type { Target, V1OperationInput } from '../operations/types.js';
import { OPENAPI_DIR } from './support/shared.js';

const ALL = VERSIONS.map((pin) => pin.version);
const loaded: Record<string, LoadedSpec> = {};
const models: Record<string, SpecModel> = {};

/** A v1 operation calling `calls`, for catalogs made in the test. */
function v1(name: string, calls: string[], unavailableIn?: Record<string, string>): V1OperationInput {
  return { name, summary: name, params: [], readOnly: true, targets: calls, binding: { target: calls[0]! }, ...(unavailableIn ? { unavailableIn } : {}) };
}

/** Every target of operations/targets.ts as a one-call "v1 operation": no dependency on the catalog. */
const targetsCatalog: V1Catalog = { operations: Object.keys(targets).map((id) => v1(`via_${id}`, [id])), targets };

const reports = new Map<string, DiffReport>();
function report(from: string, to: string): DiffReport {
  const key = `${from}→${to}`;
  if (!reports.has(key)) reports.set(key, diffModels(models[from]!, models[to]!, targetsCatalog));
  return reports.get(key)!;
}

beforeAll(async () => {
  for (const version of ALL) {
    loaded[version] = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    models[version] = loaded[version]!.model;
  }
}, 120_000);

describe('operation model', () => {
  it('has every operation of each spec, matched by method + route shape', () => {
    const counts = Object.fromEntries(ALL.map((v) => [v, models[v]!.operations.length]));
    expect(counts).toEqual({
      '2.7': 98, '2.8': 98, '2.9': 108, '2.10': 108, '2.11': 108, '2.12': 118,
      '2.13': 133, '2.14': 150, '2.15': 162, '2.16': 231, preview: 256,
    });
    for (const v of ALL) expect(models[v]!.byKey.size).toBe(models[v]!.operations.length);
  });
});

describe('adjacent version bumps', () => {
  it('2.10 → 2.11: path parameters renamed, lisDataAttributes renamed listDataAttributes (a rename, not add + remove)', () => {
    const r = report('2.10', '2.11');
    expect(r.added).toEqual([]);
    expect(r.removed).toEqual([]);
    expect(r.renamed).toEqual([{ method: 'GET', path: '/data_attributes', from: 'lisDataAttributes', to: 'listDataAttributes' }]);
    expect(r.summary.pathParametersRenamed).toBe(52);
    expect(r.summary.pathKeysChanged).toBe(52);
    const admin = r.changed.find((c) => c.name === 'retrieveAdmin')!;
    expect(admin).toMatchObject({ method: 'GET', fromPath: '/admins/{id}', path: '/admins/{admin_id}', breaking: true });
    expect(admin.pathParameters).toContainEqual({ position: 0, change: 'renamed', from: 'id', to: 'admin_id' });
    // 2.11 declares the renamed ones string: e.g. retrieveConversation's id was an integer in 2.10.
    // (listNotes' integer contact id is corrected at load time: fix notes-contact-id-string.)
    const notes = r.changed.find((c) => c.name === 'listNotes')!;
    expect(notes.pathParameters).toEqual([{ position: 0, change: 'renamed', from: 'id', to: 'contact_id' }]);
    // The v1 side: the renamed target resolves under its alias; path renames need no action.
    const attributes = r.v1!.find((b) => b.name === 'via_lisDataAttributes')!;
    expect(attributes.status).toBe('changed');
    expect(attributes.calls[0]).toMatchObject({ from: { name: 'lisDataAttributes' }, to: { name: 'listDataAttributes' }, broken: null });
    expect(attributes.calls[0]!.changes).toContain('target renamed lisDataAttributes → listDataAttributes');
    expect(r.ok).toBe(true);
    const md = renderDiffMarkdown(r);
    expect(md).toContain('| GET | `/data_attributes` | `lisDataAttributes` | `listDataAttributes` |');
    expect(md).toContain('| `retrieveAdmin` | GET | `/admins/{id}` | `/admins/{admin_id}` |');
  });

  it('2.11 → 2.12: the rename back, path parameters renamed back, one operation removed', () => {
    const r = report('2.11', '2.12');
    expect(r.renamed).toEqual([{ method: 'GET', path: '/data_attributes', from: 'listDataAttributes', to: 'lisDataAttributes' }]);
    expect(r.summary.pathParametersRenamed).toBe(51);
    expect(r.removed).toEqual([{ name: 'autoAssignConversation', method: 'POST', path: '/conversations/{conversation_id}/run_assignment_rules' }]);
    expect(r.summary.pathKeysChanged).toBe(52);
    expect(r.summary.added).toBe(11);
  });

  it('2.13 → 2.14: reports the operations added (four without operationId)', () => {
    const r = report('2.13', '2.14');
    expect(r.summary.added).toBe(17);
    expect(r.added.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'listCalls',
        'showCall',
        'postExportReportingDataEnqueue',
        'getExportReportingDataByJobIdentifier',
        'getExportReportingDataGetDatasets',
        'getDownloadReportingDataByJobIdentifier',
        'getIpAllowlist',
        'enqueueCreateTicket',
      ]),
    );
    expect(r.added.find((o) => o.name === 'postExportReportingDataEnqueue')).toEqual({
      name: 'postExportReportingDataEnqueue',
      method: 'POST',
      path: '/export/reporting_data/enqueue',
    });
    expect(r.removed).toEqual([]);
    expect(r.summary.pathParametersRenamed).toBe(65);
    expect(r.summary.pathKeysChanged).toBe(65);
    const md = renderDiffMarkdown(r);
    expect(md).toContain('## Operations added');
    expect(md).toContain('| `listCalls` | GET | `/calls` |');
  });

  it('2.16 → Preview: 69 renamed path keys + 2 removed operations = the notes\' 71', () => {
    const r = report('2.16', 'preview');
    expect(r.summary.pathParametersRenamed).toBe(69);
    expect(r.removed.map((o) => o.name).sort()).toEqual(['getIpAllowlist', 'updateIpAllowlist']);
    expect(r.summary.pathKeysChanged).toBe(71);
  });

  it('the figures per bump', () => {
    const figures = ALL.slice(1).map((to, i) => {
      const s = report(ALL[i]!, to).summary;
      return [`${ALL[i]}→${to}`, s.added, s.removed, s.renamed, s.pathParametersRenamed, s.pathParametersRetyped, s.pathKeysChanged, s.v1!.changed, s.v1!.broken];
    });
    console.log(
      'bump        added removed renamed pathRenamed pathRetyped pathKeysGone targetsChanged broken\n' +
        figures.map((f) => f.map((x) => String(x).padEnd(String(x).length > 10 ? 12 : 11)).join(' ')).join('\n'),
    );
    expect(figures.map((f) => f[6])).toEqual([0, 0, 5, 52, 52, 0, 65, 0, 0, 71]);
    expect(figures.map((f) => f[8])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('2.15 → 2.16 reports the custom-object rename on the same route', () => {
    const r = report('2.15', '2.16');
    expect(r.renamed).toEqual([
      { method: 'GET', path: '/custom_object_instances/{custom_object_type_identifier}', from: 'getCustomObjectInstancesByExternalId', to: 'listCustomObjectInstances' },
    ]);
  });

  it('reports query parameters newly required and request-body changes', () => {
    // Every adjacent bump: each newly-required / added-required query parameter is breaking.
    for (const [i, to] of ALL.slice(1).entries()) {
      for (const c of report(ALL[i]!, to).changed) {
        const requiredNow = c.parameters.some((p) => p.change === 'newly-required' || (p.change === 'added' && p.required));
        if (requiredNow) expect(c.breaking, `${c.name} ${ALL[i]}→${to}`).toBe(true);
      }
    }
    // 2.13 → 2.14: createMessage's `to` became one-or-many recipients.
    const message = report('2.13', '2.14').changed.find((c) => c.name === 'createMessage')!;
    expect(message.requestBody?.properties).toContainEqual({ property: 'to', change: 'retyped', from: 'object', to: 'oneOf(array<object>,object)' });
    // 2.10 → 2.11: listConversations' rows are `conversations` in both (upstream 2.10 declares
    // `data`, which fix conversations-answer-list corrects), so no rows move.
    const conversations = report('2.10', '2.11').changed.find((c) => c.name === 'listConversations');
    const moved = (conversations?.response?.properties ?? []).filter((p) => p.property === 'data' || p.property === 'conversations');
    expect(moved).toEqual([]);
  });
});

describe('v1 bindings', () => {
  it('a target gone from the new version is a broken binding, unless the catalog marks it unavailable', () => {
    const gone: Target = { operationId: 'getIpAllowlist', method: 'GET', route: '/ip_allowlist' };
    const catalog: V1Catalog = {
      operations: [v1('needs_allowlist', ['getIpAllowlist']), v1('knows_it_is_gone', ['getIpAllowlist'], { preview: 'no IP allowlist API in Preview' })],
      targets: { getIpAllowlist: gone },
    };
    const [knows, needs] = compareBindings(models['2.16']!, models.preview!, catalog);
    expect(needs).toMatchObject({ name: 'needs_allowlist', status: 'broken', unavailable: null });
    expect(needs!.calls[0]!.broken).toBe('no GET /ip_allowlist (getIpAllowlist) in preview');
    expect(knows).toMatchObject({ name: 'knows_it_is_gone', status: 'unavailable', unavailable: 'no IP allowlist API in Preview' });
    const r = diffModels(models['2.16']!, models.preview!, catalog);
    expect(r.ok).toBe(false);
    expect(renderDiffMarkdown(r)).toContain('**needs_allowlist: BROKEN**');
  });

  it('an operationId that is not a known spelling on the bound route is broken, naming what is there', () => {
    const catalog: V1Catalog = {
      operations: [v1('attrs', ['lisDataAttributes'])],
      targets: { lisDataAttributes: { operationId: 'lisDataAttributes', method: 'GET', route: '/data_attributes' } },
    };
    const [attrs] = compareBindings(models['2.10']!, models['2.11']!, catalog);
    expect(attrs!.status).toBe('broken');
    expect(attrs!.calls[0]!.broken).toBe('GET /data_attributes is "listDataAttributes" in 2.11, not "lisDataAttributes" (list the new spelling in the target\'s aliases?)');
  });

  it('every v1 operation of the catalog resolves in every adjacent bump', async () => {
    const { v1Operations, targets: catalogTargets } = await import('../operations/index.js');
    const catalog: V1Catalog = { operations: v1Operations, targets: catalogTargets };
    const figures: string[] = [];
    for (const [i, to] of ALL.slice(1).entries()) {
      const r = diffModels(models[ALL[i]!]!, models[to]!, catalog);
      figures.push(`${ALL[i]}→${to}: ${JSON.stringify(r.summary.v1)}`);
      expect(r.v1).toHaveLength(57);
      expect(r.v1!.filter((b) => b.status === 'broken').map((b) => b.name), `${ALL[i]}→${to}`).toEqual([]);
    }
    console.log(`v1 catalog per bump:\n${figures.join('\n')}`);
    const r = diffModels(models['2.10']!, models['2.11']!, catalog);
    const attrs = r.v1!.find((b) => b.name === 'list_data_attributes_for_customers')!;
    expect(attrs.status).toBe('changed');
    expect(attrs.calls.find((c) => c.target === 'lisDataAttributes')!.to).toEqual({ name: 'listDataAttributes', method: 'GET', path: '/data_attributes' });
    expect(r.v1!.find((b) => b.name === 'get_admin')!.calls[0]!.changes).toEqual([
      'path parameter 1 renamed {id} → {admin_id} (filled by position: no action)',
      'path parameter 1 {admin_id} retyped integer → string',
      'response `avatar` retyped string|null → object|null',
    ]);
  }, 60_000);
});

describe('one spec model for generate and diff', () => {
  it('the registry is made of the model\'s operations: same names, methods and paths, same order', () => {
    for (const version of ['2.10', '2.14']) {
      const { entries } = transformOperations(models[version]!);
      expect(entries.map((e) => [e.name, e.method, e.path])).toEqual(models[version]!.operations.map((o) => [o.name, o.method, o.path]));
    }
  });

  it('a listed fix changes the registry and the report alike', async () => {
    // notes-contact-id-string declares the contact id of /contacts/{id}/notes a string (2.10 upstream: integer).
    const { text } = await locateSpec('2.10', { specDir: OPENAPI_DIR, fetch: false });
    const unfixed = buildSpecModel('2.10', parseSpec(text, SPEC_FIXES.filter((f) => f.id !== 'notes-contact-id-string')).document);
    const idType = (model: SpecModel) => {
      const entry = transformOperations(model).entries.find((e) => e.name === 'listNotes')!;
      return (entry.paramsSchema.properties as Record<string, { type?: unknown }>).id!.type;
    };
    const notesChange = (from: SpecModel) => diffModels(from, models['2.11']!, null).changed.find((c) => c.name === 'listNotes')!;
    expect(idType(models['2.10']!)).toBe('string');
    expect(notesChange(models['2.10']!).pathParameters).toEqual([{ position: 0, change: 'renamed', from: 'id', to: 'contact_id' }]);
    expect(idType(unfixed)).toBe('integer');
    expect(notesChange(unfixed).pathParameters).toContainEqual({ position: 0, change: 'retyped', from: 'integer', to: 'string', name: 'contact_id' });
  });

  it('a fix of one\'s own (an operationId) renames the registry entry and removes the rename from the report', async () => {
    const { text } = await locateSpec('2.11', { specDir: OPENAPI_DIR, fetch: false });
    const spellBack: SpecFix = {
      id: 'test-spell-back',
      description: 'listDataAttributes as 2.10 spells it',
      apply(document) {
        document.paths['/data_attributes'].get.operationId = 'lisDataAttributes';
        return 1;
      },
    };
    const model = buildSpecModel('2.11', parseSpec(text, [...SPEC_FIXES, spellBack]).document);
    expect(transformOperations(model).entries.find((e) => e.method === 'GET' && e.path === '/data_attributes')!.name).toBe('lisDataAttributes');
    expect(report('2.10', '2.11').renamed).toHaveLength(1);
    expect(diffModels(models['2.10']!, model, null).renamed).toEqual([]);
  });

  it('one v1 target resolver: generation fails with the reason the report gives', () => {
    const catalog: V1Catalog = { operations: [v1('needs_allowlist', ['getIpAllowlist'])], targets: { getIpAllowlist: { operationId: 'getIpAllowlist', method: 'GET', route: '/ip_allowlist' } } };
    const [binding] = compareBindings(models['2.16']!, models.preview!, catalog);
    let error: unknown;
    try {
      transformV1Operations({ version: 'preview', ...catalog, api: models.preview!.operations });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(V1ResolutionError);
    expect((error as V1ResolutionError).reason).toBe(binding!.calls[0]!.broken);
    expect(binding!.calls[0]!.broken).toBe('no GET /ip_allowlist (getIpAllowlist) in preview');
  });
});

describe('report forms', () => {
  it('JSON has a stable key order and is deterministic; Markdown is deterministic', async () => {
    const a = diffModels(buildSpecModel('2.10', loaded['2.10']!.document), buildSpecModel('2.11', loaded['2.11']!.document), targetsCatalog);
    const b = diffModels(buildSpecModel('2.10', parseSpec(JSON.stringify(loaded['2.10']!.document)).document), models['2.11']!, targetsCatalog);
    expect(renderDiffJson(a)).toBe(renderDiffJson(b));
    expect(renderDiffMarkdown(a)).toBe(renderDiffMarkdown(b));
    expect(Object.keys(a)).toEqual(['from', 'to', 'summary', 'added', 'removed', 'renamed', 'changed', 'v1', 'ok']);
    expect(Object.keys(a.summary)).toEqual([
      'operations', 'added', 'removed', 'renamed', 'changed', 'breaking',
      'pathParametersRenamed', 'pathParametersRetyped', 'pathKeysChanged', 'v1',
    ]);
    expect(Object.keys(a.changed[0]!)).toEqual([
      'name', 'fromName', 'method', 'route', 'fromPath', 'path', 'pathParameters', 'parameters', 'requestBody', 'response', 'deprecated', 'breaking',
    ]);
  });

  it('diffVersions loads both versions; the same version diffs to nothing', async () => {
    const r = await diffVersions('2.12', '2.12', { specDir: OPENAPI_DIR, fetch: false, catalog: targetsCatalog, loaded });
    expect(r.summary).toMatchObject({ added: 0, removed: 0, renamed: 0, changed: 0, pathKeysChanged: 0 });
    expect(r.v1!.every((b) => b.status === 'unchanged')).toBe(true);
    expect(renderDiffMarkdown(r)).toContain('No v1 binding changed');
  });

  it('the CLI prints Markdown, or JSON with --json', async () => {
    const { main } = await import('../cli/main.js');
    let stdout = '';
    const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, env: { INTERCOM_OPENAPI_DIR: OPENAPI_DIR } };
    expect(await main(['diff', '2.10', '2.11', '--json'], io)).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ from: '2.10', to: '2.11', ok: true });
    expect(json.v1).toHaveLength(57);
    stdout = '';
    expect(await main(['diff', '2.13', '2.14'], io)).toBe(0);
    expect(stdout).toMatch(/^# Intercom API 2\.13 → 2\.14\n/);
  }, 60_000);
});
