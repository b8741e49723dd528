/**
 * Generation, whole processes side by side: what CI runs (`intercom-ops generate --check`, every
 * pinned version generated in one process and compared with generated/) against openapi-typescript's
 * own CLI run on the same descriptions (one process per description, output to a temporary folder:
 * the types alone, the part of our generation that openapi-typescript does). openapi-typescript
 * refuses 2.7–2.11 as published (an undefined `custom_attributes` schema), so it is given each
 * description with the listed fixes applied (spec/fixes.ts), written back as YAML before the
 * timing starts; our generator reads the published files and applies the fixes itself. Rounds alternate the
 * two, so machine load weighs on both alike; the ratio is paired per round (ours / theirs) before
 * the median is taken.
 *
 *   npm run build && npm run bench:generation -- [--quick] [--rounds 3] [--json]
 *
 * --quick      one round, and only the pinned version for each side
 * --rounds n   rounds (default 3; each takes 1–2 minutes on 2 cores); a full run also times
 *              generate --check in one thread (INTERCOM_OPS_GENERATE_THREADS=1)
 * --json       one JSON object on stdout instead of the table
 *
 * Needs the descriptions: INTERCOM_OPENAPI_DIR, or ../shared/intercom-openapi beside the checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUPPORTED_VERSIONS, PINNED_VERSION } from '../generated/versions.js';
import { REPO_ROOT } from '../spec/repo-root.js';
import { parseSpec } from '../spec/load.js';
import { benchOptions, median } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));

const OPTIONS = benchOptions('npm run bench:generation -- [--quick] [--rounds 3] [--json]', {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  json: { type: 'boolean' },
});
const QUICK = OPTIONS.quick ?? false;
const ROUNDS = OPTIONS.rounds ?? (QUICK ? 1 : 3);
const JSON_OUT = OPTIONS.json ?? false;
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

/**
 * What CI runs: every version generated and compared with generated/ (nothing written); on more
 * than one core the later versions in a worker thread, unless `threads` is 1.
 */
function ours(threads?: 1): number {
  const bin = join(here, '..', 'cli', 'bin.js');
  const args = QUICK ? [bin, 'generate', '--check', '--spec-version', PINNED_VERSION] : [bin, 'generate', '--check'];
  const env = { ...process.env, INTERCOM_OPENAPI_DIR: specDir, ...(threads === 1 ? { INTERCOM_OPS_GENERATE_THREADS: '1' } : {}) };
  return timed('generate --check', process.execPath, args, env);
}

/** Each description with the listed fixes applied, as YAML in `dir` (what openapi-typescript is given). */
function writeFixedDescriptions(dir: string): void {
  for (const version of versions) {
    const { document } = parseSpec(readFileSync(descriptionOf(version), 'utf8'));
    mkdirSync(join(dir, version), { recursive: true });
    writeFileSync(join(dir, version, 'api.intercom.io.yaml'), dump(document, { noRefs: true, lineWidth: -1 }));
  }
}

/** openapi-typescript's CLI on each (fixed) description, one after the other. */
function openapiTypescript(fixed: string, out: string): number {
  const cli = join(REPO_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  let total = 0;
  for (const version of versions) {
    const input = join(fixed, version, 'api.intercom.io.yaml');
    total += timed(`openapi-typescript ${version}`, process.execPath, [cli, input, '-o', join(out, `${version}.ts`)]);
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
  const fixed = join(out, 'descriptions');
  const mine: number[] = [];
  const single: number[] = [];
  const theirs: number[] = [];
  try {
    writeFixedDescriptions(fixed);
    for (let round = 0; round < ROUNDS; round++) {
      const steps = [() => mine.push(ours()), () => theirs.push(openapiTypescript(fixed, out))];
      if (!QUICK) steps.push(() => single.push(ours(1)));
      // Rotate which goes first, so none always runs on a warmer page cache or a quieter moment.
      for (let i = 0; i < steps.length; i++) steps[(i + round) % steps.length]();
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
  if (single.length) {
    rows.push({
      scenario: `generate --check, ${what}, one thread`,
      medianMs: median(single),
      minMs: Math.min(...single),
      maxMs: Math.max(...single),
      ratio: median(single.map((ms, round) => ms / theirs[round])),
    });
  }
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
