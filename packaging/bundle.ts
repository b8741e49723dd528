/**
 * The package's shipped JavaScript: every `exports` entry and the `bin` of package.json bundled
 * from tsc's output (dist/) into dist/bundle/, in one esbuild build with code splitting. The entries share
 * their chunks (one copy of the runtime, so `instanceof` holds across `intercom-ops` and
 * `intercom-ops/2.14`), each lazy `import()` (Ajv, a registry, a validator, the v1 bindings, the
 * Redis parts) stays a chunk of its own loaded on first use, and dependencies stay imports of
 * the installed packages. Why: Node's ES module loader resolves, reads and links each module on
 * its own, and a first call through the ~40 modules tsc writes costs more than through a few
 * chunks (bench/startup.ts). Types stay tsc's .d.ts beside the modules (`types` of each export).
 * The package ships the bundle and the declarations only; in a checkout, `node dist/cli/bin.js`
 * still runs tsc's modules.
 *
 * Also writes dist/bundle-meta.json (not shipped): which of tsc's modules each bundled file holds,
 * and a hash of each as it was bundled, so that a test can tell what a process loaded
 * (test/lazy-loading.test.ts) and that the bundle is not older than tsc's output.
 *
 *   npm run build     (tsc, then this)
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The bundle's folder in dist/ (package.json's exports and bin point into it). */
export const BUNDLE_DIR = 'bundle';
/** Beside the bundle in dist/, outside what ships. */
export const META_FILE = 'bundle-meta.json';
/** A chunk's file: esbuild's content hash keeps names stable from one build of the same code to the next. */
const CHUNK_NAMES = 'chunks/[name]-[hash]';

interface PackageJson {
  exports: Record<string, string | { default: string }>;
  bin: Record<string, string>;
}

/** What an `exports` entry ships (relative to the package root): the target itself, or its `default` condition. */
function defaultTarget(target: PackageJson['exports'][string]): string {
  return typeof target === 'string' ? target : target.default;
}

/** The modules the package ships as entry points: its exports' `default` targets and its bins (dist/bundle/…). */
function shippedEntries(pkg: PackageJson): string[] {
  const exported = Object.entries(pkg.exports)
    .filter(([key]) => key !== './package.json')
    .map(([, target]) => defaultTarget(target));
  return [...exported, ...Object.values(pkg.bin)];
}

/**
 * The absolute path of the file the package in `packageRoot` exports as `exportKey` ('.',
 * './2.14', …), as its package.json names it: what a user's import loads (the bundle; tsc's
 * module in builds made before the bundle). Throws when the key is not exported.
 */
export function exportedFile(packageRoot: string, exportKey = '.'): string {
  const file = join(packageRoot, 'package.json');
  const { exports = {} } = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageJson>;
  if (!Object.hasOwn(exports, exportKey)) throw new Error(`${file} exports no ${exportKey}`);
  const target = defaultTarget(exports[exportKey]);
  if (typeof target !== 'string') throw new Error(`${file}: export ${exportKey} names no file (no "default" condition)`);
  return resolve(packageRoot, target);
}

/** tsc's module for a shipped bundle path: ./dist/bundle/entry/index.js → dist/entry/index.js. */
function compiledModule(shipped: string): string {
  const prefix = `dist/${BUNDLE_DIR}/`;
  const path = shipped.replace(/^\.\//, '');
  if (!path.startsWith(prefix) || !path.endsWith('.js')) throw new Error(`package.json names ${shipped}: every shipped module must be a .js file under ./${prefix}`);
  return `dist/${path.slice(prefix.length)}`;
}

/**
 * The CLI's maintainer commands (generate, diff) import the generator and the spec loader, which
 * the package does not ship (the CLI answers CONFIG when they are missing): they stay imports of
 * tsc's modules, from the bundle's files one folder down in dist/bundle/ (cli/bin.js, chunks/).
 * Anything else reaching them would put maintainer code in the bundle: refused.
 */
const MAINTAINER_ONLY = /^\.\.\/(generator|spec)\//;
const FROM_BUNDLE_TO_DIST = '../../';
const maintainerOnly: Plugin = {
  name: 'maintainer-only',
  setup(plugin) {
    plugin.onResolve({ filter: MAINTAINER_ONLY }, ({ path, importer }) => {
      if (!/[\\/]dist[\\/]cli[\\/][^\\/]+$/.test(importer)) throw new Error(`${importer} imports ${path}: only the CLI's maintainer commands may, and the package does not ship it`);
      return { path: FROM_BUNDLE_TO_DIST + path.slice('../'.length), external: true };
    });
  },
};

/** What the bundle holds: each bundled file's modules of tsc (relative to dist/), and each module's sha256 as bundled. */
export interface BundleMeta {
  outputs: Record<string, string[]>;
  inputs: Record<string, string>;
}

/** sha256 of a file, hex: how a test tells a module of tsc's changed since the bundle was made. */
export function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export async function bundle(packageRoot: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as PackageJson;
  const outdir = join(packageRoot, 'dist', BUNDLE_DIR);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: packageRoot,
    entryPoints: shippedEntries(pkg).map(compiledModule),
    outbase: 'dist',
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies are the installed packages (ajv, openapi-fetch, optional peers), not copies.
    packages: 'external',
    chunkNames: CHUNK_NAMES,
    metafile: true,
    plugins: [maintainerOnly],
    // Comments and names stay: a stack trace or a reader of node_modules meets recognisable code.
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The metafile's paths are relative to absWorkingDir, with forward slashes on every platform.
  const meta: BundleMeta = { outputs: {}, inputs: {} };
  for (const [output, { inputs, imports }] of Object.entries(result.metafile.outputs)) {
    const file = output.slice(`dist/${BUNDLE_DIR}/`.length);
    meta.outputs[file] = Object.keys(inputs)
      .map((input) => input.slice('dist/'.length))
      .sort();
    if (imports.some(({ path }) => path.startsWith(FROM_BUNDLE_TO_DIST)) && file.split('/').length !== 2) {
      throw new Error(`dist/${BUNDLE_DIR}/${file} imports tsc's modules by ${FROM_BUNDLE_TO_DIST}, which is right only from a folder of dist/${BUNDLE_DIR}/`);
    }
  }
  for (const input of Object.keys(result.metafile.inputs).sort()) meta.inputs[input.slice('dist/'.length)] = fileHash(join(packageRoot, input));
  writeFileSync(join(packageRoot, 'dist', META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // dist/packaging/bundle.js → the package root.
  await bundle(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
}
