/**
 * Finds the file of one spec version, in this order: an explicit path (`--spec`), the
 * `INTERCOM_OPENAPI_DIR` folder, the local cache, or a download of the pinned URL into the cache.
 * Every file found by version is checked against its pinned sha256.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findPin, VERSIONS, type VersionPin } from './pins.js';

export const SPEC_FILE_NAME = 'api.intercom.io.yaml';

export interface LocateOptions {
  /** Explicit file path (`--spec`): used as is, no pin check. */
  specPath?: string;
  /** Folder holding `<version>/api.intercom.io.yaml`; default `INTERCOM_OPENAPI_DIR`. */
  specDir?: string;
  /** Cache folder; default `INTERCOM_OPS_CACHE_DIR`, else `~/.cache/intercom-ops`. */
  cacheDir?: string;
  /** Injected for tests; default global fetch. `false` forbids downloading. */
  fetch?: typeof globalThis.fetch | false;
}

export interface LocatedSpec {
  /** Pinned version name, or null for an explicit file that is not one. */
  version: string | null;
  path: string;
  text: string;
  sha256: string;
  source: 'file' | 'dir' | 'cache' | 'download';
}

export class SpecNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A version name that is not pinned: the caller's mistake (the CLI's usage error), not a missing file. */
export class UnknownSpecVersionError extends SpecNotFoundError {}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INTERCOM_OPS_CACHE_DIR || join(homedir(), '.cache', 'intercom-ops');
}

function knownVersions(): string {
  return VERSIONS.map((pin) => pin.version).join(', ');
}

function checked(pin: VersionPin, path: string, buffer: Buffer, source: LocatedSpec['source']): LocatedSpec {
  const digest = sha256(buffer);
  if (digest !== pin.sha256) {
    throw new SpecNotFoundError(
      `${path}: sha256 ${digest} does not match the pin for ${pin.version} (${pin.sha256}); ` +
        'replace it with the pinned upstream file',
    );
  }
  return { version: pin.version, path, text: buffer.toString('utf8'), sha256: digest, source };
}

/** Candidate files for a version inside a descriptions folder (ours say `preview`, upstream `0`). */
function candidates(dir: string, pin: VersionPin): string[] {
  return [...new Set([pin.version, pin.upstreamFolder])].map((folder) => join(dir, folder, SPEC_FILE_NAME));
}

export async function locateSpec(version: string, options: LocateOptions = {}): Promise<LocatedSpec> {
  if (options.specPath) {
    const path = resolve(options.specPath);
    if (!existsSync(path)) throw new SpecNotFoundError(`--spec ${path}: no such file`);
    const buffer = readFileSync(path);
    const pin = VERSIONS.find((p) => p.sha256 === sha256(buffer));
    return { version: pin?.version ?? null, path, text: buffer.toString('utf8'), sha256: sha256(buffer), source: 'file' };
  }
  const pin = findPin(version);
  if (!pin) throw new UnknownSpecVersionError(`unknown spec version "${version}"; known versions: ${knownVersions()}`);

  const specDir = options.specDir ?? process.env.INTERCOM_OPENAPI_DIR;
  if (specDir) {
    const path = candidates(resolve(specDir), pin).find((p) => existsSync(p));
    if (path) return checked(pin, path, readFileSync(path), 'dir');
  }

  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const cached = join(cacheDir, pin.version, SPEC_FILE_NAME);
  if (existsSync(cached)) return checked(pin, cached, readFileSync(cached), 'cache');

  const fetchImpl = options.fetch === undefined ? globalThis.fetch : options.fetch;
  const whereToPut =
    `put the file at ${cached}` +
    (specDir ? ` or ${candidates(resolve(specDir), pin)[0]}` : ', or set INTERCOM_OPENAPI_DIR to a folder holding <version>/api.intercom.io.yaml') +
    `, or pass --spec <path>`;
  if (!fetchImpl) throw new SpecNotFoundError(`spec ${pin.version} not found locally and downloading is off: ${whereToPut}`);
  let buffer: Buffer;
  try {
    const response = await fetchImpl(pin.url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    buffer = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new SpecNotFoundError(
      `spec ${pin.version} not found locally and the download of ${pin.url} failed (${(error as Error).message}): ${whereToPut}`,
    );
  }
  const located = checked(pin, pin.url, buffer, 'download');
  return { ...located, path: storeInCache(cached, buffer) ?? pin.url };
}

/**
 * Writes a download into the cache: to a temporary file of this process's own, then renamed into
 * place, so a crash never leaves a truncated file and parallel first runs never share a temporary
 * file (a rename is atomic; the last writer wins with identical, checksummed bytes). A cache that
 * cannot be written costs a later download, not this run: returns null then.
 */
function storeInCache(cached: string, buffer: Buffer): string | null {
  const partial = `${cached}.${process.pid}.${randomUUID()}.partial`;
  try {
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(partial, buffer);
    renameSync(partial, cached);
    return cached;
  } catch {
    rmSync(partial, { force: true });
    return null;
  }
}
