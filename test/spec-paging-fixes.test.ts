/**
 * The listed paging fix (declare-paging-parameters): every parameter it declares has its evidence
 * (another published version declares it on the same route, or the official SDK sends it there,
 * as its reason says), nothing else is declared, and no route with such evidence is left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECLARED_BY_FIX, PAGING_DECLARATIONS, SPEC_FIXES } from '../spec/fixes.js';
import { parseSpec } from '../spec/load.js';
import { buildSpecModel, type SpecModel } from '../spec/model.js';
import { VERSIONS } from '../spec/pins.js';
import { CONFORMANCE_FILE, OPENAPI_DIR } from './support/shared.js';

const ALL = VERSIONS.map((pin) => pin.version);
const PAGING = ['page', 'per_page', 'starting_after'];

/** Each version without the paging fix (what upstream declares) and with every fix. */
const upstream: Record<string, SpecModel> = {};
const fixed: Record<string, SpecModel> = {};
/** `METHOD route` → paging query parameters the SDK's wire tests send there. */
const sdkSends = new Map<string, Set<string>>();

beforeAll(() => {
  for (const version of ALL) {
    const text = readFileSync(join(OPENAPI_DIR, version, 'api.intercom.io.yaml'), 'utf8');
    upstream[version] = buildSpecModel(version, parseSpec(text, SPEC_FIXES.filter((f) => f.id !== 'declare-paging-parameters')).document);
    fixed[version] = buildSpecModel(version, parseSpec(text).document);
  }
  const wire = JSON.parse(readFileSync(CONFORMANCE_FILE, 'utf8')) as {
    cases: Array<{ method: string; pathTemplate: string | null; query: Record<string, unknown> | null }>;
  };
  for (const c of wire.cases) {
    if (!c.pathTemplate) continue;
    const key = `${c.method} ${c.pathTemplate.replace(/\{[^}]*\}/g, '{}')}`;
    for (const name of Object.keys(c.query ?? {})) {
      if (!PAGING.includes(name)) continue;
      if (!sdkSends.has(key)) sdkSends.set(key, new Set());
      sdkSends.get(key)!.add(name);
    }
  }
}, 60_000);

const declares = (model: SpecModel, key: string, name: string) =>
  model.byKey.get(key)?.queryParameters.some((p) => p.name === name && typeof p[DECLARED_BY_FIX] !== 'string') ?? false;

describe('declare-paging-parameters', () => {
  it('each declaration has the evidence its reason names', () => {
    for (const declaration of PAGING_DECLARATIONS) {
      const key = `${declaration.method} ${declaration.route}`;
      for (const name of declaration.parameters) {
        const versions = ALL.filter((v) => declares(upstream[v]!, key, name));
        const sdk = sdkSends.get(key)?.has(name) ?? false;
        expect(versions.length > 0 || sdk, `${key} ${name}: no version declares it and the SDK does not send it`).toBe(true);
        // The reason names the versions that declare it and, where it cites the SDK, the SDK sends it.
        for (const version of versions) expect(declaration.evidence, `${key} ${name}`).toContain(version);
        if (/SDK/.test(declaration.evidence)) expect(sdk, `${key} ${name}: the reason cites the SDK`).toBe(true);
      }
    }
  });

  it('declares exactly the listed parameters, each marked with its evidence, only where upstream lacks them', () => {
    for (const version of ALL) {
      for (const op of fixed[version]!.operations) {
        const declared = op.queryParameters.filter((p) => typeof p[DECLARED_BY_FIX] === 'string');
        if (!declared.length) continue;
        const declaration = PAGING_DECLARATIONS.find((d) => `${d.method} ${d.route}` === op.key);
        expect(declaration, `${version} ${op.name}`).toBeDefined();
        for (const p of declared) {
          expect(declaration!.parameters, `${version} ${op.name}`).toContain(p.name);
          expect(p[DECLARED_BY_FIX]).toBe(declaration!.evidence);
          expect(p.required).toBe(false);
          expect(upstream[version]!.byKey.get(op.key)!.queryParameters.some((q) => q.name === p.name), `${version} ${op.name} ${p.name}`).toBe(false);
        }
      }
    }
    // The pinned version gets the five routes of the issue, plus /contacts/{id}/companies, /events and help centers.
    const declared210 = fixed['2.10']!.operations.filter((op) => op.queryParameters.some((p) => p[DECLARED_BY_FIX])).map((op) => op.name);
    expect(declared210.sort()).toEqual(
      ['ListAttachedContacts', 'ListContacts', 'lisDataEvents', 'listAllCollections', 'listArticles', 'listCompaniesForAContact', 'listHelpCenters', 'listNotes'].sort(),
    );
  });

  it('leaves out no list route where another version declares a paging parameter or the SDK sends one', () => {
    const listed = new Set(PAGING_DECLARATIONS.flatMap((d) => d.parameters.map((name) => `${d.method} ${d.route} ${name}`)));
    const missing: string[] = [];
    for (const version of ALL) {
      for (const op of fixed[version]!.operations) {
        for (const name of PAGING) {
          if (op.queryParameters.some((p) => p.name === name)) continue;
          const evidence = ALL.some((other) => other !== version && declares(upstream[other]!, op.key, name)) || sdkSends.get(op.key)?.has(name);
          // Declared only on list answers: a route that answers one object in this version (2.13–2.15
          // GET /custom_object_instances/{type} with external_id) is another operation.
          const answer = JSON.stringify(op.response?.schema ?? {});
          const list = /pages|total_count|_list"|paginated/.test(answer) || op.name.startsWith('list');
          if (evidence && list && !listed.has(`${op.key} ${name}`)) missing.push(`${version} ${op.name} ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
