/**
 * Generation, whole processes side by side: what CI runs (`intercom-ops generate --check`, every
 * pinned version generated in one process and compared with generated/) against openapi-typescript's
 * own CLI run on the same descriptions (one process per description, output to a temporary folder:
 * the types alone, the part of our generation that openapi-typescript does). Rounds alternate the
 * two, so machine load weighs on both alike; the ratio is paired per round (ours / theirs) before
 * the median is taken.
 *
 *   npm run build && npm run bench:generation -- [--quick] [--rounds 3] [--json]
 *
 * --quick      one round, and only the pinned version for each side
 * --rounds n   rounds (default 3; each takes about a minute on 2 cores)
 * --json       one JSON object on stdout instead of the table
 *
 * Needs the descriptions: INTERCOM_OPENAPI_DIR, or ../shared/intercom-openapi beside the checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUPPORTED_VERSIONS, PINNED_VERSION } from '../generated/versions.js';
import { REPO_ROOT } from '../spec/repo-root.js';
import { median } from './startup.js';

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const QUICK = flag('quick');
const ROUNDS = Number(option('rounds', QUICK ? '1' : '3'));
const JSON_OUT = flag('json');
const specDir = process.env.INTERCOM_OPENAPI_DIR ?? join(REPO_ROOT, '..', 'shared', 'intercom-openapi');
const descriptionOf = (version: string) => join(specDir, version, 'api.intercom.io.yaml');
const versions: readonly string[] = QUICK ? [PINNED_VERSION] : SUPPORTED_VERSIONS;

function timed(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`${label}: exit ${child.status}\n${child.stdout}\n${child.stderr}`);
  return ms;
}

/** What CI runs: every version generated and compared with generated/ (nothing written). */
function ours(): number {
  const bin = join(here, '..', 'cli', 'bin.js');
  const args = QUICK ? [bin, 'generate', '--check', '--spec-version', PINNED_VERSION] : [bin, 'generate', '--check'];
  return timed('generate --check', process.execPath, args, { ...process.env, INTERCOM_OPENAPI_DIR: specDir });
}

/** openapi-typescript's CLI on each description, one after the other. */
function openapiTypescript(out: string): number {
  const cli = join(REPO_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  let total = 0;
  for (const version of versions) {
    total += timed(`openapi-typescript ${version}`, process.execPath, [cli, descriptionOf(version), '-o', join(out, `${version}.ts`)]);
  }
  return total;
}

export interface GenerationRow {
  scenario: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  ratio?: number;
}

export function main(): GenerationRow[] {
  for (const version of versions) if (!existsSync(descriptionOf(version))) throw new Error(`no description at ${descriptionOf(version)} (set INTERCOM_OPENAPI_DIR)`);
  const out = mkdtempSync(join(tmpdir(), 'intercom-ops-bench-'));
  const mine: number[] = [];
  const theirs: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer page cache.
      if (round % 2 === 0) {
        mine.push(ours());
        theirs.push(openapiTypescript(out));
      } else {
        theirs.push(openapiTypescript(out));
        mine.push(ours());
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const what = QUICK ? `version ${PINNED_VERSION}` : `all ${versions.length} versions`;
  const rows: GenerationRow[] = [
    { scenario: `openapi-typescript CLI, ${what}`, medianMs: median(theirs), minMs: Math.min(...theirs), maxMs: Math.max(...theirs) },
    {
      scenario: `generate --check, ${what}`,
      medianMs: median(mine),
      minMs: Math.min(...mine),
      maxMs: Math.max(...mine),
      ratio: median(mine.map((ms, round) => ms / theirs[round])),
    },
  ];
  if (JSON_OUT) {
    console.log(JSON.stringify({ bench: 'generation', node: process.version, rounds: ROUNDS, rows }));
  } else {
    console.log(`generation: ${ROUNDS} round(s), ${what}, node ${process.version}; wall s: median (min–max); ratio per round, median\n`);
    for (const row of rows) {
      const range = `${(row.minMs / 1000).toFixed(1)}–${(row.maxMs / 1000).toFixed(1)}`;
      const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}× openapi-typescript`;
      console.log(`${row.scenario.padEnd(44)} ${(row.medianMs / 1000).toFixed(1).padStart(6)} s  ${range.padEnd(11)} ${ratio}`);
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
