/**
 * The repository's root folder, found the same way from source (tests) and from `dist/` (a built
 * checkout): the nearest folder above this file whose package.json is intercom-ops'. Only the
 * maintainer's side (spec/, generator/, tests, bench) reads files of the repository; the runtime
 * never does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'intercom-ops') return dir;
    if (dirname(dir) === dir) throw new Error(`intercom-ops: package.json not found above ${start}`);
  }
}

export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
