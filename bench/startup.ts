/**
 * Process cold start, whole processes side by side: a bare `node -e 0` against a process that
 * imports the package root and makes one dry run, and the same with the `version` option (one
 * more registry loaded on first use) and with every version's registry imported up front (what
 * the root would cost if it loaded them eagerly). Wall time of each child process, measured by
 * the parent, medians over the samples, taken round-robin so that machine load weighs on every
 * scenario alike.
 *
 *   npm run build && node dist/bench/startup.js [--samples 21]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUPPORTED_VERSIONS } from '../generated/versions.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = pathToFileURL(join(here, '..', 'entry', 'index.js')).href;
const registryOf = (version: string) => pathToFileURL(join(here, '..', 'generated', version, 'registry.js')).href;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

const SAMPLES = Number(option('samples', '21'));
const DRY_RUN = `await run('listTags', {}, { dryRun: true })`;

const SCENARIOS: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'import root + one dry run': ['--input-type=module', '-e', `import { run } from ${JSON.stringify(root)}; ${DRY_RUN};`],
  'the same under version 2.14': [
    '--input-type=module',
    '-e',
    `import { run } from ${JSON.stringify(root)}; await run('listTags', {}, { dryRun: true, version: '2.14' });`,
  ],
  'every registry imported up front': [
    '--input-type=module',
    '-e',
    `${SUPPORTED_VERSIONS.map((v, i) => `import r${i} from ${JSON.stringify(registryOf(v))};`).join(' ')} import { run } from ${JSON.stringify(root)}; ${DRY_RUN}; void [${SUPPORTED_VERSIONS.map((_, i) => `r${i}`).join(', ')}];`,
  ],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function main(): void {
  const samples = new Map<string, number[]>(Object.keys(SCENARIOS).map((name) => [name, []]));
  for (let round = 0; round < SAMPLES; round++) {
    for (const [name, args] of Object.entries(SCENARIOS)) {
      const started = performance.now();
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
      const ms = performance.now() - started;
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      samples.get(name)!.push(ms);
    }
  }
  const bare = median(samples.get('node -e 0')!);
  console.log(`process start, ${SAMPLES} processes per scenario (round-robin); median wall ms and ratio to node -e 0`);
  for (const [name, runs] of samples) {
    const ms = median(runs);
    console.log(`${name.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / bare).toFixed(2).padStart(5)}×`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
