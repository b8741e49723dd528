/** Writing generated files, or (check mode) comparing them with what is on disk. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TS_HEADER_START } from './header.js';
import { isValidatorOutputName } from './validator-modules.js';

export interface OutputFile {
  /** Path relative to the output folder, `/`-separated. */
  name: string;
  content: string;
}

/** Names of files whose content on disk differs from `files` (missing files included). */
export function staleFiles(out: string, files: readonly OutputFile[]): string[] {
  return files
    .filter((file) => {
      const path = join(out, file.name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== file.content;
    })
    .map((file) => file.name);
}

/**
 * Files in the output folder that the generator does not write (`keep`: names it leaves alone,
 * such as the last version report). Everything under generated/ is compiled and shipped, so a
 * stray file there is a fault that `--check` reports.
 */
export function strayFiles(out: string, files: readonly OutputFile[], keep: readonly string[]): string[] {
  if (!existsSync(out)) return [];
  const known = new Set([...files.map((f) => f.name), ...keep]);
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(out.length + 1).split('\\').join('/'))
    .filter((name) => !known.has(name))
    .sort();
}

/**
 * Output files the generator alone names, which go stale whenever their content does: the
 * precompiled validators (generator/validator-modules.ts), each named by its schema's hash.
 * Write mode deletes such a file when it is no longer generated (`name` relative to a version's
 * folder, or to the set's: `2.10/validators.ts`) and it starts with the generator's do-not-edit
 * header (TS_HEADER_START): a file of the same name that the generator did not write, in a folder
 * `--out` points at, is the user's own and stays.
 */
export function isReplaceableOutput(out: string, name: string): boolean {
  if (!isValidatorOutputName(name)) return false;
  try {
    return readFileSync(join(out, name), 'utf8').startsWith(TS_HEADER_START);
  } catch {
    return false;
  }
}

/** Writes the files that changed (an unchanged file keeps its mtime: friendlier to watchers and make). */
export function writeFiles(out: string, files: readonly OutputFile[]): void {
  for (const name of staleFiles(out, files)) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, files.find((f) => f.name === name)!.content);
  }
}

/** JSON with a trailing newline; key order is the order the generator built (sorted where not meaningful). */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Deletes `names` (relative to `out`), and a folder they leave empty. */
export function removeFiles(out: string, names: readonly string[]): void {
  for (const name of names) {
    const path = join(out, name);
    rmSync(path);
    const folder = dirname(path);
    if (folder !== out && readdirSync(folder).length === 0) rmdirSync(folder);
  }
}
