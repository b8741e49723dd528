/**
 * Issue 4: `diff <from> <to>` — what changed between two spec versions that matters to callers and
 * to the v1 bindings. Works from the loaded documents (spec/load.ts), each parsed once per file.
 *
 * Figures checked against the toolchain notes: "52 path keys change at 2.10→2.11, 52 back at
 * 2.11→2.12, 65 at 2.13→2.14, 71 at 2.16→Preview". Those figures count the operations of the
 * older version whose literal path key is gone in the newer one, which mixes two things: path
 * parameters renamed under the same URL (52, 51, 65, 69) and operations removed (0, 1, 0, 2:
 * `autoAssignConversation` at 2.11→2.12, `getIpAllowlist`/`updateIpAllowlist` at 2.16→Preview).
 * The report gives both numbers, and `pathKeysChanged` reproduces the notes' figure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildSpecModel,
  compareBindings,
  diffModels,
  diffVersions,
  renderDiffJson,
  renderDiffMarkdown,
  type DiffReport,
  type SpecModel,
  type V1Catalog,
} from '../generator/diff.js';
import { loadSpec, parseSpec, type LoadedSpec } from '../spec/load.js';
import { VERSIONS } from '../spec/pins.js';
import { targets } from '../operations/targets.js';
import type { Target } from '../operations/types.js';
import { OPENAPI_DIR } from './support/shared.js';

const ALL = VERSIONS.map((pin) => pin.version);
const loaded: Record<string, LoadedSpec> = {};
const models: Record<string, SpecModel> = {};

/** Every target of operations/targets.ts as a one-call "v1 operation": no dependency on the catalog. */
const targetsCatalog: V1Catalog = {
  operations: Object.keys(targets).map((id) => ({ name: `via_${id}`, targets: [id] })),
  targets,
};

const reports = new Map<string, DiffReport>();
function report(from: string, to: string): DiffReport {
  const key = `${from}→${to}`;
  if (!reports.has(key)) reports.set(key, diffModels(models[from]!, models[to]!, targetsCatalog));
  return reports.get(key)!;
}

beforeAll(async () => {
  for (const version of ALL) {
    loaded[version] = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    models[version] = buildSpecModel(version, loaded[version]!.document);
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

  it('names operations without an operationId by the generator rule (2.14+)', () => {
    const derived = models['2.14']!.operations.filter((o) => o.operationId === null).map((o) => o.name).sort();
    expect(derived).toEqual([
      'getDownloadReportingDataByJobIdentifier',
      'getExportReportingDataByJobIdentifier',
      'getExportReportingDataGetDatasets',
      'postExportReportingDataEnqueue',
    ]);
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

  it('the figures per bump (reported in docs/bumping.md)', () => {
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
    // 2.10 → 2.11: listConversations' answer moved its rows from `data` to `conversations`.
    const conversations = report('2.10', '2.11').changed.find((c) => c.name === 'listConversations')!;
    expect(conversations.response?.properties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: 'data', change: 'removed' }),
        expect.objectContaining({ property: 'conversations', change: 'added' }),
      ]),
    );
  });
});

describe('v1 bindings', () => {
  it('a target gone from the new version is a broken binding, unless the catalog marks it unavailable', () => {
    const gone: Target = { operationId: 'getIpAllowlist', method: 'GET', route: '/ip_allowlist' };
    const catalog: V1Catalog = {
      operations: [
        { name: 'needs_allowlist', targets: ['getIpAllowlist'] },
        { name: 'knows_it_is_gone', targets: ['getIpAllowlist'], unavailableIn: { preview: 'no IP allowlist API in Preview' } },
      ],
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
      operations: [{ name: 'attrs', targets: ['lisDataAttributes'] }],
      targets: { lisDataAttributes: { operationId: 'lisDataAttributes', method: 'GET', route: '/data_attributes' } },
    };
    const [attrs] = compareBindings(models['2.10']!, models['2.11']!, catalog);
    expect(attrs!.status).toBe('broken');
    expect(attrs!.calls[0]!.broken).toBe('GET /data_attributes is "listDataAttributes" in 2.11, not "lisDataAttributes"');
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
