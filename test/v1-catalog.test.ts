/**
 * The v1 catalog against the v1 operation list (seed 003) and against itself.
 *
 * 1. Cross-check: every operation of the list exists in `v1Operations` (and nothing else), with
 *    exactly the documented parameters — same name, type (normalised: STRING → string), required
 *    flag and enum values. Allowed differences are explicit and listed here: parameters marked
 *    `extension` (v1-bindings.md allows them) and types with a `correction` (whose `seedType`
 *    must be what the list says). `$body` is the operation's `body`; `resultsPath` is the
 *    platform parameter the runtime handles (`resultsPath: {}` on the operation, never a param).
 * 2. Metadata of EVERY entry: name = file = seed name, summary, targets known, body schemas
 *    compile with Ajv strict, resultsPath exactly where documented, legacy only where the spec
 *    lacks the endpoint, readOnly consistent with the targets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { v1Operations } from '../operations/index.js';
import { bindingFunction } from '../operations/data-binding.js';
import { targets } from '../operations/targets.js';
import type { BindingContext, LegacyRequest } from '../runtime/binding-api.js';
import type { V1Operation } from '../operations/types.js';
import { OPENAPI_DIR, V1_OPERATION_LIST } from './support/shared.js';
import { normaliseSeedType, readSeedList, type SeedOperation } from './support/v1-seed.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

const V1_DIR = fileURLToPath(new URL('../operations/v1/', import.meta.url));

/** Parameters the list does not document but v1-bindings.md allows (operation → params). */
const EXPECTED_EXTENSIONS: Record<string, string[]> = {
  delete_customer_to_conversation: ['admin_id'],
};

/** Parameters whose documented type contradicts the documented behaviour (operation → params). */
const EXPECTED_CORRECTIONS: Record<string, string[]> = {
  // documented `number`, takes "admin" / "segment" / "tag" / "user"
  get_count: ['count'],
  // documented `number`, segment ids are hex strings (the list's own example: 58135df83917e42135b2ea29)
  list_companies: ['segment_id'],
};

/** POST targets that only read (searches and the company list). */
const READING_POSTS = new Set(['SearchContacts', 'searchConversations', 'listAllCompanies']);

function writes(target: string): boolean {
  const t = targets[target];
  return t.method !== 'GET' && !READING_POSTS.has(target);
}

const seed: SeedOperation[] = readSeedList(V1_OPERATION_LIST);
const seedByName = new Map(seed.map((op) => [op.name, op]));
const catalogByName = new Map(v1Operations.map((op) => [op.name, op]));

describe('v1 catalog ↔ v1 operation list (seed 003)', () => {
  it('reads the list: 57 operations, 11 of them documenting resultsPath', () => {
    expect(seed).toHaveLength(57);
    expect(new Set(seed.map((op) => op.name)).size).toBe(57);
    expect(seed.filter((op) => op.params.some((p) => p.name === 'resultsPath'))).toHaveLength(11);
  });

  it('has every listed operation and no other', () => {
    const names = v1Operations.map((op) => op.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(seed.map((op) => op.name).sort());
  });

  it('documents exactly the listed parameters (name, type, required, enum) of every operation', () => {
    const problems: string[] = [];
    const extensions: Record<string, string[]> = {};
    const corrections: Record<string, string[]> = {};
    for (const entry of seed) {
      const op = catalogByName.get(entry.name);
      if (!op) continue; // reported by the test above
      const documented = entry.params.filter((p) => p.name !== '$body' && p.name !== 'resultsPath');
      for (const p of documented) {
        const mine = op.params.find((q) => q.name === p.name);
        const where = `${op.name}.${p.name}`;
        if (!mine) {
          problems.push(`${where}: documented, missing from the catalog`);
          continue;
        }
        if (mine.extension) problems.push(`${where}: documented by the list, must not be marked extension`);
        const seedType = normaliseSeedType(p.type);
        if (mine.correction) {
          (corrections[op.name] ??= []).push(p.name);
          if (normaliseSeedType(mine.correction.seedType) !== seedType) {
            problems.push(`${where}: correction.seedType ${mine.correction.seedType} but the list says ${p.type}`);
          }
          if (mine.type === seedType) problems.push(`${where}: has a correction but keeps the listed type ${p.type}`);
          if (!mine.correction.reason?.trim()) problems.push(`${where}: correction without a reason`);
        } else if (mine.type !== seedType) {
          problems.push(`${where}: type ${mine.type}, the list says ${p.type}`);
        }
        if (mine.required !== p.required) problems.push(`${where}: required ${mine.required}, the list says ${p.required}`);
        if (JSON.stringify(mine.enum ?? null) !== JSON.stringify(p.enum ?? null)) {
          problems.push(`${where}: enum ${JSON.stringify(mine.enum)}, the list says ${JSON.stringify(p.enum)}`);
        }
      }
      for (const mine of op.params) {
        if (mine.name === '$body' || mine.name === 'resultsPath') {
          problems.push(`${op.name}.${mine.name}: is not a parameter (it is the operation's body / resultsPath)`);
        } else if (!documented.some((p) => p.name === mine.name)) {
          if (mine.extension?.trim()) (extensions[op.name] ??= []).push(mine.name);
          else problems.push(`${op.name}.${mine.name}: not documented by the list and not marked extension`);
        }
      }
      const seedBody = entry.params.find((p) => p.name === '$body');
      if (seedBody && !op.body) problems.push(`${op.name}: the list documents $body, the catalog has no body schema`);
      if (!seedBody && op.body) problems.push(`${op.name}: has a body schema the list does not document`);
      if (seedBody && normaliseSeedType(seedBody.type) !== 'object') problems.push(`${op.name}.$body: listed as ${seedBody.type}`);
      const seedResults = entry.params.find((p) => p.name === 'resultsPath');
      if (seedResults && normaliseSeedType(seedResults.type) !== 'string') problems.push(`${op.name}.resultsPath: listed as ${seedResults.type}`);
      if (!!seedResults !== (op.resultsPath !== undefined)) {
        problems.push(`${op.name}: resultsPath ${op.resultsPath ? 'set' : 'unset'}, the list ${seedResults ? 'documents' : 'does not document'} it`);
      }
    }
    // The allowed differences, listed.
    console.info(`v1 catalog: extensions ${JSON.stringify(extensions)}; corrections ${JSON.stringify(corrections)}`);
    expect(problems).toEqual([]);
    expect(extensions).toEqual(EXPECTED_EXTENSIONS);
    expect(corrections).toEqual(EXPECTED_CORRECTIONS);
  });
});

describe('v1 catalog metadata (every entry)', () => {
  const files = readdirSync(V1_DIR).filter((f) => f.endsWith('.ts'));

  it('has one module per operation, named as the operation, each exported by operations/index.ts', async () => {
    expect(files.map((f) => basename(f, '.ts')).sort()).toEqual(seed.map((op) => op.name).sort());
    for (const file of files) {
      const mod = (await import(join(V1_DIR, file))) as { default: V1Operation };
      expect(mod.default.name, file).toBe(basename(file, '.ts'));
      expect(catalogByName.get(mod.default.name), file).toBe(mod.default);
    }
  });

  it.each(v1Operations.map((op) => [op.name, op] as const))('%s: summary, params, targets, mapped/dropped', (name, op) => {
    expect(seedByName.has(name)).toBe(true);
    expect(op.summary.trim().length).toBeGreaterThan(10);
    expect(new Set(op.params.map((p) => p.name)).size).toBe(op.params.length);
    for (const p of op.params) {
      expect(['string', 'integer', 'number', 'boolean', 'object', 'array']).toContain(p.type);
      expect(p.description.trim(), `${name}.${p.name} description`).not.toBe('');
      if (p.enum) expect(p.enum.length).toBeGreaterThan(0);
    }
    expect(new Set(op.targets).size, 'targets listed once').toBe(op.targets.length);
    for (const target of op.targets) expect(targets[target], `${name} target ${target}`).toBeDefined();
    if (typeof op.binding === 'object') {
      expect(op.targets).toContain(op.binding.target);
      for (const param of [...(op.binding.path ?? []), ...Object.values(op.binding.query ?? {})]) {
        expect(op.params.map((p) => p.name), `${name} binding uses ${param}`).toContain(param);
      }
      if (op.binding.body === 'pass') expect(op.body).toBeDefined();
    } else {
      expect(typeof op.binding).toBe('function');
    }
    for (const [from, to] of Object.entries(op.mapped ?? {})) {
      expect(from.trim()).not.toBe('');
      expect(typeof to === 'string' && to.trim() !== '').toBe(true);
    }
    for (const field of op.dropped ?? []) expect(typeof field === 'string' && field.trim() !== '').toBe(true);
    if (op.bodyRequired) expect(op.body).toBeDefined();
    expect(op.targets.length > 0 || op.legacy === true, `${name} calls something`).toBe(true);
  });

  it('compiles every body schema with Ajv strict (no unknown keywords, no $schema)', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    const failures: string[] = [];
    for (const op of v1Operations) {
      if (!op.body) continue;
      if (JSON.stringify(op.body).includes('"$schema"')) failures.push(`${op.name}: has $schema`);
      if (op.body.type !== 'object') failures.push(`${op.name}: body is not an object schema`);
      try {
        ajv.compile(op.body);
      } catch (error) {
        failures.push(`${op.name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('sets resultsPath on exactly the 11 operations whose entry documents it', () => {
    const documented = seed.filter((op) => op.params.some((p) => p.name === 'resultsPath')).map((op) => op.name).sort();
    const marked = v1Operations.filter((op) => op.resultsPath !== undefined).map((op) => op.name).sort();
    expect(documented).toHaveLength(11);
    expect(marked).toEqual(documented);
  });

  it('is readOnly exactly when no write target is declared (and a read-only legacy op only GETs)', () => {
    const wrong: string[] = [];
    for (const op of v1Operations) {
      const writeTargets = op.targets.filter(writes);
      if (op.readOnly && writeTargets.length) wrong.push(`${op.name}: readOnly but calls ${writeTargets.join(', ')}`);
      if (!op.readOnly && !writeTargets.length && !op.legacy) wrong.push(`${op.name}: not readOnly but calls no write target`);
    }
    expect(wrong).toEqual([]);
  });

  it('is legacy only where the endpoint it calls is in no target and not in the 2.10 spec', async () => {
    const spec = parseYaml(readFileSync(join(OPENAPI_DIR, '2.10', 'api.intercom.io.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const specRoutes = new Set(
      Object.entries(spec.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`),
      ),
    );
    const targetRoutes = new Set(Object.values(targets).map((t) => `${t.method} ${t.route}`));
    const legacyOps = v1Operations.filter((op) => op.legacy);
    expect(legacyOps.map((op) => op.name).sort()).toEqual(['delete_visitor', 'delete_visitor_by_id', 'get_visitor']);
    for (const op of legacyOps) {
      // Run the binding against a recording context: every documented param a sample string,
      // every 2.x call answering an object with an id.
      const legacyCalls: LegacyRequest[] = [];
      const ctx: BindingContext = {
        operation: op.name,
        mode: 'run',
        maxItems: 10_000,
        call: async () => ({ id: 'found-1' }) as any,
        validate: () => {},
        list: () => ({ async *[Symbol.asyncIterator]() {}, rowsOf: () => [], rowsPath: () => null }),
        legacy: async (request) => {
          legacyCalls.push(request);
          return null as any;
        },
        warn: () => {},
        now: () => 1_700_000_000,
      };
      const params = Object.fromEntries(op.params.map((p) => [p.name, 'sample-1']));
      await bindingFunction(op)(params, ctx);
      expect(legacyCalls.length, `${op.name} makes a legacy call`).toBeGreaterThan(0);
      for (const call of legacyCalls) {
        const route = `${call.method} ${call.route}`;
        expect(targetRoutes.has(route), `${op.name}: ${route} is a declared target`).toBe(false);
        expect(specRoutes.has(route), `${op.name}: ${route} is in the 2.10 spec`).toBe(false);
        if (op.readOnly) expect(call.method).toBe('GET');
      }
    }
  });
});
