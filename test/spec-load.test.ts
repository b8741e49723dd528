import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseWithYamlPackage } from 'yaml';
import { loadSpec, parseSpec } from '../spec/load.js';
import { locateSpec, sha256 } from '../spec/locate.js';
import { VERSIONS } from '../spec/pins.js';
import { OPENAPI_DIR } from './support/shared.js';

describe('spec loading', () => {
  it('pins all 11 published versions with the shared checksums', () => {
    expect(VERSIONS.map((p) => p.version)).toEqual(['2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14', '2.15', '2.16', 'preview']);
    const sums = readFileSync(join(OPENAPI_DIR, 'SHA256SUMS'), 'utf8');
    for (const pin of VERSIONS) {
      expect(sums).toContain(`${pin.sha256}  ${pin.version}/api.intercom.io.yaml`);
      expect(pin.url).toContain(`/8889625a7b931d8649e18726e7f872ff073520fc/descriptions/${pin.upstreamFolder}/api.intercom.io.yaml`);
    }
  });

  it('parses every pinned description exactly as a second YAML 1.2 parser (the yaml package) does', () => {
    const differing: string[] = [];
    for (const pin of VERSIONS) {
      const text = readFileSync(join(OPENAPI_DIR, pin.version, 'api.intercom.io.yaml'), 'utf8');
      const ours = parseSpec(text, []).document;
      const reference = parseWithYamlPackage(text, { uniqueKeys: false, maxAliasCount: -1 });
      if (!isDeepStrictEqual(ours, reference)) differing.push(pin.version);
      expect(Object.keys(ours.paths).length, pin.version).toBeGreaterThan(50);
    }
    expect(differing).toEqual([]);
  }, 120_000);

  it('reads YAML 1.2 core: a duplicate key is tolerated (the last wins), dates and `<<` stay as written', () => {
    const text = 'openapi: 3.0.1\ninfo: {title: a, version: "1"}\ninfo: {title: b, version: "2"}\n' +
      'x-date: 2024-05-01\nx-base: &base {a: 1}\nx-merge: {<<: *base}\nx-yes: yes\nx-null: ~\npaths: {}\n';
    const { document } = parseSpec(text, []);
    expect(document).toEqual({
      openapi: '3.0.1', info: { title: 'b', version: '2' }, 'x-date': '2024-05-01', 'x-base': { a: 1 },
      'x-merge': { '<<': { a: 1 } }, 'x-yes': 'yes', 'x-null': null, paths: {},
    });
    expect(document).toEqual(parseWithYamlPackage(text, { uniqueKeys: false }));
  });

  it('applies and reports the custom_attributes fix exactly where upstream lacks it', async () => {
    const counts: Record<string, number> = {};
    for (const version of ['2.7', '2.9', '2.10', '2.11', '2.12', '2.16']) {
      const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
      counts[version] = spec.fixesApplied.find((f) => f.id === 'define-custom-attributes')?.count ?? 0;
      expect(spec.document.components.schemas.custom_attributes).toBeDefined();
    }
    expect(counts).toEqual({ '2.7': 2, '2.9': 2, '2.10': 1, '2.11': 4, '2.12': 0, '2.16': 0 });
  });

  it('applies the listed fixes for upstream slips, each only where its slip is', async () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const version of ['2.10', '2.11', '2.14', 'preview']) {
      const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
      counts[version] = Object.fromEntries(spec.fixesApplied.map((f) => [f.id, f.count]));
      const notes = spec.document.paths['/contacts/{id}/notes'] ?? spec.document.paths['/contacts/{contact_id}/notes'];
      for (const operation of [notes.get, notes.post]) {
        const id = operation.parameters.find((p: any) => p.in === 'path');
        expect(id.schema.type).toBe('string');
      }
    }
    // Request fixes (answer fixes: test/spec-answer-fixes.test.ts).
    expect(counts['2.10']).toMatchObject({ 'define-custom-attributes': 1, 'notes-contact-id-string': 2, 'contact-id-not-uuid': 1, 'scalar-attribute-values': 2, 'events-answer-list': 1 });
    expect(counts['2.11']).toMatchObject({ 'define-custom-attributes': 4, 'contact-id-not-uuid': 1, 'scalar-attribute-values': 2, 'events-answer-list': 1 });
    expect(counts['2.11']).not.toHaveProperty('notes-contact-id-string');
    expect(counts['2.14']).toMatchObject({ 'notes-contact-id-string': 1, 'job-identifier-in-path': 2 });
    expect(counts.preview).toMatchObject({ 'notes-contact-id-string': 2, 'job-identifier-in-path': 2 });
    const spec = await loadSpec('2.14', { specDir: OPENAPI_DIR, fetch: false });
    const job = spec.document.paths['/export/reporting_data/{job_identifier}'].get.parameters.find((p: any) => p.name === 'job_identifier');
    expect(job).toMatchObject({ in: 'path', required: true });
  });

  it('string-param-object-keywords: external_id (2.13+) is a plain string query parameter', async () => {
    const counts: Record<string, number> = {};
    for (const version of ['2.12', '2.13', '2.15', '2.16', 'preview']) {
      const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
      counts[version] = spec.fixesApplied.find((f) => f.id === 'string-param-object-keywords')?.count ?? 0;
      const path = spec.document.paths['/custom_object_instances/{custom_object_type_identifier}'];
      // 2.13–2.15 by get and delete; from 2.16 the get lists instances and declares it correctly.
      for (const operation of [path?.get, path?.delete]) {
        const externalId = operation?.parameters?.find((p: any) => p.name === 'external_id');
        if (!externalId) continue;
        expect(externalId.schema.type).toBe('string');
        expect(externalId.schema).not.toHaveProperty('properties');
        expect(externalId.schema).not.toHaveProperty('required');
      }
    }
    expect(counts).toEqual({ '2.12': 0, '2.13': 2, '2.15': 2, '2.16': 1, preview: 1 });
  });

  it('downloads the pinned URL into the cache once, checking the sha256', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'iops-cache-'));
    const body = readFileSync(join(OPENAPI_DIR, '2.10', 'api.intercom.io.yaml'));
    const asked: string[] = [];
    const fetch = (async (url: string) => {
      asked.push(url);
      return new Response(body);
    }) as unknown as typeof globalThis.fetch;
    const first = await locateSpec('2.10', { specDir: join(cacheDir, 'none'), cacheDir, fetch });
    const second = await locateSpec('2.10', { specDir: join(cacheDir, 'none'), cacheDir, fetch });
    expect([first.source, second.source]).toEqual(['download', 'cache']);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/Intercom-OpenAPI\/8889625a7b931d8649e18726e7f872ff073520fc\/descriptions\/2\.10\//);
  });

  it('parallel first runs (separate processes) all get the file; the cache ends whole, with no leftovers', async () => {
    const locate = join(__dirname, '..', 'dist', 'spec', 'locate.js');
    expect(existsSync(locate), 'dist/ is built by `npm ci` (prepare)').toBe(true);
    const cacheDir = mkdtempSync(join(tmpdir(), 'iops-race-'));
    const spec = join(OPENAPI_DIR, '2.16', 'api.intercom.io.yaml');
    const startAt = Date.now() + 1500;
    // Every process "downloads" (a fetch answering the pinned bytes) at the same instant.
    const script = `
      import { readFileSync } from 'node:fs';
      import { locateSpec } from ${JSON.stringify(pathToFileURL(locate).href)};
      const body = readFileSync(${JSON.stringify(spec)});
      const fetch = async () => { while (Date.now() < ${startAt}) await new Promise((r) => setTimeout(r, 1)); return new Response(body); };
      const found = await locateSpec('2.16', { specDir: '/nonexistent', cacheDir: ${JSON.stringify(cacheDir)}, fetch });
      process.stdout.write(found.sha256);`;
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => promisify(execFile)(process.execPath, ['--input-type=module', '-e', script])),
    );
    const pinned = sha256(readFileSync(spec));
    expect(runs.map((r) => r.stdout)).toEqual(Array(8).fill(pinned));
    expect(readdirSync(join(cacheDir, '2.16'))).toEqual(['api.intercom.io.yaml']);
    expect(sha256(readFileSync(join(cacheDir, '2.16', 'api.intercom.io.yaml')))).toBe(pinned);
  });

  it('rejects a download or a file whose checksum does not match the pin', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'iops-cache-'));
    const fetch = (async () => new Response('openapi: 3.0.1')) as unknown as typeof globalThis.fetch;
    await expect(locateSpec('2.10', { specDir: join(cacheDir, 'none'), cacheDir, fetch })).rejects.toThrow(/does not match the pin/);
    mkdirSync(join(cacheDir, '2.12'), { recursive: true });
    writeFileSync(join(cacheDir, '2.12', 'api.intercom.io.yaml'), 'tampered');
    await expect(locateSpec('2.12', { specDir: join(cacheDir, 'none'), cacheDir, fetch: false })).rejects.toThrow(/does not match the pin/);
  });

  it('offline, says where to put the file', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'iops-cache-'));
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof globalThis.fetch;
    await expect(locateSpec('2.13', { specDir: join(cacheDir, 'none'), cacheDir, fetch })).rejects.toThrow(
      new RegExp(`download of .* failed \\(fetch failed\\): put the file at ${cacheDir}/2\\.13/api\\.intercom\\.io\\.yaml`),
    );
    await expect(locateSpec('9.99', { fetch: false })).rejects.toThrow(/unknown spec version "9.99"; known versions: 2.7, .*preview/);
  });

  it('an explicit --spec file is used as is and recognised when it is a pinned one', async () => {
    const path = join(OPENAPI_DIR, '2.14', 'api.intercom.io.yaml');
    const located = await locateSpec('ignored', { specPath: path });
    expect(located.version).toBe('2.14');
    expect(located.sha256).toBe(sha256(readFileSync(path)));
  });
});
