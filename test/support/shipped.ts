/**
 * The package as it ships: package.json's exports point into dist/bundle/ (packaging/bundle.ts),
 * and dist/bundle-meta.json says which of tsc's modules each bundled file holds. Tests that start
 * a fresh process import these files, not tsc's modules. Needs a built dist/ (`npm run build`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const PACKAGE_ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(PACKAGE_ROOT, 'dist', 'bundle');
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));

/** The file URL of the module an export (".", "./2.14", …) ships, checked to exist. */
export function shippedModule(exportKey = '.'): string {
  const target = pkg.exports[exportKey]?.default;
  if (typeof target !== 'string') throw new Error(`package.json exports no ${exportKey}`);
  const file = join(PACKAGE_ROOT, target);
  if (!existsSync(file)) throw new Error(`${target} is missing: run npm run build`);
  return pathToFileURL(file).href;
}

/** The file URL of dist/bundle/ (with its slash): what a loaded URL of the bundle starts with. */
export const BUNDLE_URL = `${pathToFileURL(BUNDLE).href}/`;

let meta: Record<string, string[]> | undefined;
/** tsc's modules (relative to dist/: "runtime/runner.js") held by a file of the bundle (its URL). */
export function modulesIn(bundledUrl: string): string[] {
  if (!bundledUrl.startsWith(BUNDLE_URL)) throw new Error(`${bundledUrl} is not in dist/bundle/`);
  meta ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, 'dist', 'bundle-meta.json'), 'utf8')) as Record<string, string[]>;
  const modules = meta[bundledUrl.slice(BUNDLE_URL.length)];
  if (!modules) throw new Error(`dist/bundle-meta.json does not list ${bundledUrl}: rebuild (npm run build)`);
  return modules;
}
