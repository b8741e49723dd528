/** The package's root folder and version, found the same way from source (tests) and from `dist/` (installed). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(start: string): { root: string; version: string } {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
      if (name === 'intercom-ops') return { root: dir, version: String(version) };
    }
    if (dirname(dir) === dir) throw new Error(`intercom-ops: package.json not found above ${start}`);
  }
}

const found = findPackage(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_ROOT = found.root;
/** package.json's version: the one place it is bumped (User-Agent, generated manifest). */
export const PACKAGE_VERSION = found.version;
