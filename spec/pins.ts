/** The published Intercom descriptions this project knows, pinned by upstream commit and sha256. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

export interface VersionPin {
  version: string;
  /** Folder name upstream (`0` for preview). */
  upstreamFolder: string;
  url: string;
  sha256: string;
}

interface PinFile {
  source: { repository: string; commit: string; file: string };
  pinned: string;
  versions: VersionPin[];
}

const pinFile: PinFile = JSON.parse(readFileSync(join(REPO_ROOT, 'spec', 'versions.json'), 'utf8'));

/** The version the committed `generated/` output is built from and the default Intercom-Version. */
export const PINNED_VERSION = pinFile.pinned;
/** Every known version, oldest first (preview last). */
export const VERSIONS: readonly VersionPin[] = pinFile.versions;
export const UPSTREAM = pinFile.source;

export function findPin(version: string): VersionPin | undefined {
  return VERSIONS.find((pin) => pin.version === version || (version === '0' && pin.upstreamFolder === '0'));
}
