/**
 * The package as a consumer gets it: package.json's promises (run-time dependencies only,
 * every version exported, nothing maintainer-only shipped), then the real thing — `npm pack` of
 * the built dist/, installed with production dependencies only into an empty folder (from the
 * npm cache: `--prefer-offline`), measured against the budget (≤ 20 MiB, ≤ 15 packages), run
 * there (every version's entry, the CLI), and bundled with esbuild into one file that runs from
 * a folder holding nothing else.
 *
 * Needs a built dist/ (`npm run build`; `npm ci` builds it through `prepare`).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import ts from 'typescript';
import { exportedFile } from '../packaging/bundle.js';
import { PACKAGE_VERSION } from '../runtime/package-version.js';
import { PINNED_VERSION } from '../spec/pins.js';
import { REPO_ROOT } from '../spec/repo-root.js';
import { SUPPORTED_VERSIONS } from '../generated/versions.js';
import { COMPILER_OPTIONS } from './support/typecheck.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const MiB = 1024 * 1024;
const BUDGET = { bytes: 20 * MiB, packages: 15 };

describe('package.json', () => {
  it('depends at run time on ajv, ajv-formats and openapi-fetch only; the toolchain is for a checkout', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ajv', 'ajv-formats', 'openapi-fetch']);
    for (const tool of ['typescript', 'openapi-typescript', 'handlebars', 'js-yaml', '@openapi-contrib/openapi-schema-to-json-schema', 'json-schema-to-typescript', 'esbuild']) {
      expect(pkg.devDependencies[tool], tool).toMatch(/^\d+\.\d+\.\d+$/);
    }
    // Optional integrations: peers marked optional, and dev dependencies for the repository's tests.
    for (const [name, meta] of Object.entries<{ optional?: boolean }>(pkg.peerDependenciesMeta ?? {})) {
      expect(meta.optional, name).toBe(true);
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
  });

  it('exports the root (pinned version), its client, and every supported version with its client', () => {
    const subpaths = Object.keys(pkg.exports).filter((key) => key !== '.' && key !== './client' && key !== './package.json');
    expect(subpaths).toEqual(SUPPORTED_VERSIONS.flatMap((v) => [`./${v}`, `./${v}/client`]));
    for (const [key, target] of Object.entries<{ types: string; default: string } | string>(pkg.exports)) {
      if (typeof target === 'string') continue;
      // The bundle (packaging/bundle.ts) runs; tsc's declarations beside its modules type it.
      expect(target.default, key).toMatch(/^\.\/dist\/bundle\/.+\.js$/);
      expect(target.types, key).toBe(target.default.replace('./dist/bundle/', './dist/').replace(/\.js$/, '.d.ts'));
      for (const file of [target.default, target.types]) expect(existsSync(join(REPO_ROOT, file)), `${key} → ${file} (run npm run build)`).toBe(true);
    }
    expect(pkg.exports['.']).toEqual({ types: './dist/entry/index.d.ts', default: './dist/bundle/entry/index.js' });
    expect(pkg.main).toBe(pkg.exports['.'].default);
    expect(readFileSync(join(REPO_ROOT, 'generated', 'client.ts'), 'utf8')).toContain(`from './${PINNED_VERSION}/client.js'`);
  });

  it("exportedFile (packaging/bundle.ts) answers the file an export's default names, and refuses a key not exported", () => {
    expect(exportedFile(REPO_ROOT)).toBe(join(REPO_ROOT, pkg.exports['.'].default));
    expect(exportedFile(join(REPO_ROOT, 'dist', '..'), `./${PINNED_VERSION}/client`)).toBe(join(REPO_ROOT, pkg.exports[`./${PINNED_VERSION}/client`].default));
    expect(exportedFile(REPO_ROOT, './package.json')).toBe(join(REPO_ROOT, 'package.json'));
    for (const key of ['./2.0', 'constructor', './dist/entry/index.js']) {
      expect(() => exportedFile(REPO_ROOT, key), key).toThrow(`${join(REPO_ROOT, 'package.json')} exports no ${key}`);
    }
  });

  it('has no side effects on import, a licence file, a repository, and the runtime knows its version', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  it('ships built files only: no generator, spec, bench or templates', () => {
    expect(pkg.files.every((f: string) => f.startsWith('dist/'))).toBe(true);
    // Each entry is dist/bundle or a declarations glob of a runtime folder: nothing reaches the generator, spec, bench or packaging.
    for (const entry of pkg.files) expect(entry, entry).toMatch(/^dist\/(bundle|(entry|generated|operations|runtime|tools)\/\*\*\/\*\.d\.ts)$/);
  });
});

/** Bytes of every file under `dir` (apparent size). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) total += stat.size;
  }
  return total;
}

/** Installed packages: folders of node_modules (scoped and nested included) that hold a package.json. */
function packagesUnder(nodeModules: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (name.startsWith('@')) {
        walk(path);
        continue;
      }
      if (!existsSync(join(path, 'package.json'))) continue;
      found.push(path.slice(nodeModules.length + 1));
      walk(join(path, 'node_modules'));
    }
  };
  walk(nodeModules);
  return found;
}

describe('npm pack, installed with production dependencies into an empty folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'iops-pack-'));
  const app = join(root, 'app');
  let packed: { files: Array<{ path: string; size: number }>; size: number; unpackedSize: number; filename: string };

  beforeAll(async () => {
    // The built dist/ as it is: `prepare` (`npm run build`: tsc, then the bundle) is what `npm ci` already ran.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: REPO_ROOT, maxBuffer: 64 * MiB });
    [packed] = JSON.parse(stdout);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run(
      'npm',
      ['install', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', join(root, packed.filename)],
      { cwd: app, maxBuffer: 64 * MiB },
    );
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the tarball holds the bundle and the declarations only', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'LICENSE', 'README.md', 'dist/bundle/entry/index.js', 'dist/entry/index.d.ts', 'dist/bundle/cli/bin.js']));
    // JavaScript only from the bundle: tsc's modules (a second copy of the runtime) stay in the checkout.
    const offending = paths.filter(
      (p) =>
        (p.endsWith('.ts') && !p.endsWith('.d.ts')) ||
        (p.endsWith('.js') && !p.startsWith('dist/bundle/')) ||
        p.endsWith('.hbs') ||
        /^dist\/(generator|spec|bench|test|packaging|cli)\//.test(p) ||
        /^(generator|generated|spec)\//.test(p),
    );
    expect(offending).toEqual([]);
    for (const version of SUPPORTED_VERSIONS) {
      for (const file of ['index.js', 'client.js']) expect(paths, `${version}/${file}`).toContain(`dist/bundle/generated/${version}/${file}`);
      for (const file of ['index.d.ts', 'registry.d.ts', 'client.d.ts', 'schema.d.ts']) expect(paths, `${version}/${file}`).toContain(`dist/generated/${version}/${file}`);
    }
  });

  it(`installs within budget: at most ${BUDGET.bytes / MiB} MiB and ${BUDGET.packages} packages, every version included`, () => {
    const nodeModules = join(app, 'node_modules');
    const packages = packagesUnder(nodeModules);
    const bytes = bytesUnder(nodeModules);
    console.log(
      `package: tarball ${(packed.size / MiB).toFixed(2)} MiB (${packed.files.length} files, ${(packed.unpackedSize / MiB).toFixed(2)} MiB unpacked); ` +
        `installed ${(bytes / MiB).toFixed(2)} MiB in ${packages.length} packages: ${packages.join(', ')}`,
    );
    expect(packages.sort()).toEqual(
      ['ajv', 'ajv-formats', 'fast-deep-equal', 'fast-uri', 'intercom-ops', 'json-schema-traverse', 'openapi-fetch', 'openapi-typescript-helpers', 'require-from-string'].sort(),
    );
    expect(packages.length).toBeLessThanOrEqual(BUDGET.packages);
    expect(bytes).toBeLessThanOrEqual(BUDGET.bytes);
  });

  it('runs there: the root, every intercom-ops/<version> entry and its client, by their package names', async () => {
    const script = `
      import { run, SUPPORTED_VERSIONS, VERSION, IntercomOpsError } from 'intercom-ops';
      const out = { VERSION, versions: [...SUPPORTED_VERSIONS], entries: {} };
      const entries = {
        ${SUPPORTED_VERSIONS.map((v) => `'${v}': () => import('intercom-ops/${v}'), '${v}/client': () => import('intercom-ops/${v}/client')`).join(',\n        ')}
      };
      for (const v of SUPPORTED_VERSIONS) {
        const entry = await entries[v]();
        const client = await entries[v + '/client']();
        const plan = await entry.run('listTags', {}, { dryRun: true });
        // One runtime behind every entry (the bundle's shared chunks): the root's classes are the entry's.
        const error = await entry.run('craeteTag', {}).catch((e) => e);
        out.entries[v] = { VERSION: entry.VERSION, header: plan.requests[0].headers['Intercom-Version'], client: typeof client.createIntercomClient, rootClass: error instanceof IntercomOpsError && error.code };
      }
      const viaRoot = await run('listTags', {}, { dryRun: true, version: 'preview' });
      out.rootPreview = viaRoot.requests[0].headers['Intercom-Version'];
      console.log(JSON.stringify(out));
    `;
    writeFileSync(join(app, 'entries.mjs'), script);
    const { stdout } = await run(process.execPath, ['entries.mjs'], { cwd: app });
    const out = JSON.parse(stdout);
    expect(out.VERSION).toBe(PINNED_VERSION);
    expect(out.versions).toEqual([...SUPPORTED_VERSIONS]);
    for (const v of SUPPORTED_VERSIONS) {
      expect(out.entries[v]).toEqual({ VERSION: v, header: v === 'preview' ? 'Preview' : v, client: 'function', rootClass: 'UNKNOWN_OPERATION' });
    }
    expect(out.rootPreview).toBe('Preview');
  });

  it('type-checks there: a consumer of the installed types (no dev dependency, no @types/node) passes right calls and fails wrong ones', () => {
    const consumer = `
      import { run, iterate, createRunner, isIntercomOpsError, type DryRunPlan } from 'intercom-ops';
      import * as v214 from 'intercom-ops/2.14';
      import { createIntercomClient, retrieveAdmin } from 'intercom-ops/2.14/client';

      export async function calls(step: string) {
        const tag = await run('createTag', { $body: { name: 'VIP' } });
        const tagId: string | undefined = tag.id;
        const admin = await run('retrieveAdmin', { id: 991267921 });
        const email: string | undefined = admin?.email;
        const plan: DryRunPlan = await run('archive_user', { email: 'a@example.com' }, { dryRun: true });
        for await (const contact of iterate('SearchContacts', { $body: { query: { field: 'role', operator: '=', value: 'user' } } })) void contact.id;
        const admin214 = await v214.run('retrieveAdmin', { admin_id: 991267921 });
        const email214: string | undefined = admin214?.email;
        await run('retrieveAdmin', { admin_id: 1 }, { version: '2.14', dryRun: true });
        await createRunner({ version: '2.14' }).run('retrieveAdmin', { admin_id: 1 }, { dryRun: true });
        await v214.createRunner().run('retrieveAdmin', { admin_id: 1 }, { dryRun: true });
        const loose: unknown = await run(step, {});
        await retrieveAdmin(createIntercomClient({ token: 'tok_consumer_0123456789' }), { params: { path: { admin_id: 1 } } });
        try {
          await run('listTags');
        } catch (error) {
          if (isIntercomOpsError(error) && error.code === 'API_ERROR') void (error.status satisfies number);
        }
        // @ts-expect-error a misspelt name
        await run('craeteTag', { $body: { name: 'VIP' } });
        // @ts-expect-error a misspelt body property
        await run('createTag', { $body: { nam: 1 } });
        // @ts-expect-error an unknown parameter
        await run('retrieveAdmin', { id: 1, idd: 2 });
        // @ts-expect-error 2.14 renamed the path key to admin_id
        await v214.run('retrieveAdmin', { id: 1 });
        // @ts-expect-error not a paginated operation
        iterate('retrieveAdmin', { id: 1 });
        // @ts-expect-error a misspelt v1 parameter
        await run('archive_user', { emial: 'a@example.com' });
        // @ts-expect-error a typed runner: a misspelt name
        await createRunner().run('listTagz');
        // @ts-expect-error the 2.14 client takes 2.14's path key
        await retrieveAdmin(createIntercomClient({ token: 'tok_consumer_0123456789' }), { params: { path: { id: 1 } } });
        void [tagId, email, plan, email214, loose];
      }
    `;
    // The installed folder's own node_modules only: the default host resolves from the file's folder.
    const diagnosticsOf = (name: string, source: string): string[] => {
      const file = join(app, `${name}.ts`);
      writeFileSync(file, source);
      const program = ts.createProgram([file], { ...COMPILER_OPTIONS, types: [] });
      return ts.getPreEmitDiagnostics(program).map((d) => {
        const at = d.file && d.start !== undefined ? `${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
        return `${at}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      });
    };
    expect(diagnosticsOf('consumer', consumer)).toEqual([]);
    const marked = consumer.split('\n').filter((line) => line.includes('@ts-expect-error')).length;
    const unmarked = diagnosticsOf('consumer-unmarked', consumer.replace(/^\s*\/\/ @ts-expect-error.*$/gm, ''));
    expect(new Set(unmarked.map((d) => d.split(':')[0])).size).toBe(marked);
  }, 120_000);

  it('generate and diff from the installed package: CONFIG (exit 2) saying to use a checkout', async () => {
    const bin = join(app, 'node_modules', '.bin', 'intercom-ops');
    for (const args of [['generate'], ['diff', '2.10', '2.11']]) {
      const failed = await run(bin, args, { cwd: app }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code, args.join(' ')).toBe(2);
      const error = JSON.parse(failed!.stderr.trim().split('\n').at(-1)!);
      expect(error.code).toBe('CONFIG');
      expect(error.message).toMatch(/checkout of the intercom-ops repository[\s\S]*npm ci/);
    }
    const { stdout } = await run(bin, ['run', 'listTags', '--dry-run'], { cwd: app });
    expect(JSON.parse(stdout).requests[0].url).toBe('https://api.intercom.io/tags');
  });

  it('an app bundled with esbuild runs from a folder that holds nothing else', async () => {
    writeFileSync(
      join(app, 'app.mjs'),
      `import { run, isIntercomOpsError } from 'intercom-ops';
       import * as v214 from 'intercom-ops/2.14';
       const a = await run('retrieveAdmin', { admin_id: '7' }, { dryRun: true, version: '2.14' });
       const b = await v214.run('retrieveAdmin', { admin_id: '7' }, { dryRun: true });
       const c = await run('archive_user', { email: 'a@example.com' }, { dryRun: true });
       const d = await run('listTags', {}, { dryRun: true, version: 'Preview' });
       // The pinned version's precompiled validators, with what their code imports (runtime/standalone-support.ts):
       // a string length in code points (24 emoji are 48 UTF-16 units) and ajv-formats' uri.
       const e = await run('createConversation', { $body: { from: { type: 'user', id: '\u{1F600}'.repeat(24) }, body: 'hi', attachment_urls: ['https://example.com/a.png'] } }, { dryRun: true });
       let code;
       try { await run('craeteTag', {}); } catch (e) { code = isIntercomOpsError(e) ? e.code : 'untyped'; }
       console.log(JSON.stringify({ a: a.requests[0].url, b: b.requests[0].headers['Intercom-Version'], c: c.requests[0].url, d: d.requests[0].headers['Intercom-Version'], e: e.requests[0].url, code }));`,
    );
    const alone = join(root, 'alone');
    mkdirSync(alone);
    // Plain settings: nothing marked external. The optional peers (ioredis, the MCP SDK) are
    // imported only by the features that use them, by specifiers a bundler does not follow.
    await build({ entryPoints: [join(app, 'app.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: join(root, 'bundle.mjs'), absWorkingDir: app, logLevel: 'silent' });
    copyFileSync(join(root, 'bundle.mjs'), join(alone, 'bundle.mjs'));
    expect(readdirSync(alone)).toEqual(['bundle.mjs']);
    const { stdout } = await run(process.execPath, ['bundle.mjs'], { cwd: alone });
    expect(JSON.parse(stdout)).toEqual({
      a: 'https://api.intercom.io/admins/7',
      b: '2.14',
      c: 'https://api.intercom.io/contacts/search',
      d: 'Preview',
      e: 'https://api.intercom.io/conversations',
      code: 'UNKNOWN_OPERATION',
    });
    console.log(`package: esbuild bundle of a small app ${(statSync(join(alone, 'bundle.mjs')).size / MiB).toFixed(2)} MiB (one file, every version inside)`);
  });
});
