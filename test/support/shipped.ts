/**
 * The package as it ships: package.json's exports point into dist/bundle/ (packaging/bundle.ts),
 * and dist/bundle-meta.json says which of tsc's modules each bundled file holds. Tests that start
 * a fresh process import these files, not tsc's modules; a bundle older than tsc's output (tsc
 * run alone after a change) fails them rather than testing old code. Needs `npm run build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_DIR, exportedFile, fileHash, META_FILE, type BundleMeta } from '../../packaging/bundle.js';
import { REPO_ROOT } from '../../spec/repo-root.js';

const DIST = join(REPO_ROOT, 'dist');

/** The file URL of dist/ (with its slash). */
export const DIST_URL = `${pathToFileURL(DIST).href}/`;
/** The file URL of dist/bundle/ (with its slash): what a loaded URL of the bundle starts with. */
export const BUNDLE_URL = `${DIST_URL}${BUNDLE_DIR}/`;

let meta: BundleMeta | undefined;
/** The bundle's meta file, checked once against tsc's output: every module bundled is still as it was. */
function bundleMeta(): BundleMeta {
  if (meta) return meta;
  const file = join(DIST, META_FILE);
  if (!existsSync(file)) throw new Error(`dist/${META_FILE} is missing: run npm run build`);
  const read = JSON.parse(readFileSync(file, 'utf8')) as BundleMeta;
  const changed = Object.entries(read.inputs).filter(([module, hash]) => !existsSync(join(DIST, module)) || fileHash(join(DIST, module)) !== hash);
  if (changed.length > 0) throw new Error(`dist/${BUNDLE_DIR}/ is older than tsc's ${changed.map(([m]) => m).slice(0, 3).join(', ')}…: run npm run build`);
  return (meta = read);
}

/** The file URL of the module an export (".", "./2.14", …) ships, checked to exist and to be current. */
export function shippedModule(exportKey = '.'): string {
  const file = exportedFile(REPO_ROOT, exportKey);
  bundleMeta();
  return pathToFileURL(file).href;
}

/** tsc's modules (relative to dist/: "runtime/runner.js") held by a file of the bundle (its URL). */
export function modulesIn(bundledUrl: string): string[] {
  if (!bundledUrl.startsWith(BUNDLE_URL)) throw new Error(`${bundledUrl} is not in dist/${BUNDLE_DIR}/`);
  const modules = bundleMeta().outputs[bundledUrl.slice(BUNDLE_URL.length)];
  if (!modules) throw new Error(`dist/${META_FILE} does not list ${bundledUrl}: run npm run build`);
  return modules;
}
