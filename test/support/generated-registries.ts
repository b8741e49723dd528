/**
 * Registries of other spec versions for tests that need them (conformance, properties): each is
 * made by the generator's public API (`generate({ specVersion, out })`) from ../shared's
 * descriptions, once per content of its inputs. Output goes under the OS temp folder keyed by a
 * hash of everything generation reads (generator/, spec/, runtime/, operations/, the lockfile and
 * the pinned descriptions' sha256), so test files in other workers, and later runs on unchanged
 * sources, reuse it; any change to those inputs generates afresh. A folder appears only complete
 * (written aside, then renamed into place).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generate } from '../../generator/index.js';
import { PACKAGE_ROOT } from '../../runtime/package-root.js';
import { VERSIONS } from '../../spec/pins.js';
import { OPENAPI_DIR } from './shared.js';

const INPUT_FOLDERS = ['generator', 'spec', 'runtime', 'operations'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

let inputKey: string | undefined;

/** sha256 over every file generation reads: changing any of them changes the cache folder. */
function generationInputsKey(): string {
  if (inputKey) return inputKey;
  const hash = createHash('sha256');
  const inputs = INPUT_FOLDERS.flatMap((folder) => files(join(PACKAGE_ROOT, folder))).concat(join(PACKAGE_ROOT, 'package-lock.json'));
  for (const file of inputs.sort()) hash.update(relative(PACKAGE_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  for (const pin of VERSIONS) hash.update(`${pin.version}:${pin.sha256}\n`);
  inputKey = hash.digest('hex').slice(0, 16);
  return inputKey;
}

const pending = new Map<string, Promise<string>>();
/** One generation at a time in a process: two cores, and each run is memory-heavy. */
let queue: Promise<unknown> = Promise.resolve();

/** The folder holding `registry.json` (and the rest of generate's output) for a spec version. */
export function generatedRegistryDir(version: string): Promise<string> {
  let folder = pending.get(version);
  if (!folder) {
    folder = queue.then(async () => {
      const root = join(tmpdir(), 'intercom-ops-test-registries', generationInputsKey());
      const out = join(root, version);
      if (existsSync(join(out, 'registry.json'))) return out;
      mkdirSync(root, { recursive: true });
      const aside = join(root, `${version}.partial-${process.pid}-${Date.now()}`);
      await generate({ specVersion: version, specDir: OPENAPI_DIR, out: aside, fetch: false });
      try {
        renameSync(aside, out);
      } catch (error) {
        // Another worker finished the same version first: use its (identical) output.
        if (!existsSync(join(out, 'registry.json')) || !statSync(out).isDirectory()) throw error;
        rmSync(aside, { recursive: true, force: true });
      }
      return out;
    });
    queue = folder.catch(() => undefined);
    pending.set(version, folder);
  }
  return folder;
}
