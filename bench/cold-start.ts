/**
 * Cold start: lazily compiled validators (what the runtime does) vs precompiled Ajv standalone
 * code for every operation, side by side. Each sample is a fresh `node` process (a cold V8, cold
 * module cache); the figure is the median over the samples.
 *
 *   npm run build && node dist/bench/cold-start.js [--quick] [--samples 15] [--operation SearchContacts]
 *
 * --quick: 5 samples per scenario.
 *
 * Scenarios (each ends with the first operation's params validated):
 * - ajv load only: import the registry module, load Ajv + formats (the part of `lazy` that is not compiling).
 * - lazy:        import the registry module, load Ajv + formats, compile ONE validator, validate.
 * - precompiled: import the registry module, load the standalone module (all validators), validate.
 * - eager:       import the registry module, load Ajv + formats, compile ALL validators, validate.
 * - run():       import the public entry and dry-run the operation (lazy, end to end).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createAjv } from '../runtime/ajv.js';
import { exampleParams } from '../runtime/example-params.js';
import { REPO_ROOT as PACKAGE_ROOT } from '../spec/repo-root.js';
import pinnedPacked from '../generated/pinned.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const runtimeDir = join(here, '..', 'runtime');
const entryDir = join(here, '..', 'entry');
const registryModule = pathToFileURL(join(here, '..', 'generated', 'pinned.js')).href;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

const SAMPLES = Number(option('samples', process.argv.includes('--quick') ? '5' : '15'));
const OPERATION = option('operation', 'SearchContacts');
const registry = unpackRegistry(pinnedPacked);
const entry = registry.operations.find((e) => e.name === OPERATION);
if (!entry) throw new Error(`no operation ${OPERATION} in the ${registry.version} registry`);
const params = exampleParams(entry.paramsSchema);

/** Standalone validator code for every operation (CommonJS: ajv's ESM output still calls require). */
function writeStandalone(dir: string): string {
  const standaloneCode = require('ajv/dist/standalone').default as (ajv: unknown, refs: Record<string, string>) => string;
  const ajv = createAjv(undefined, { code: { source: true } });
  const refs: Record<string, string> = {};
  registry.operations.forEach((op, index) => {
    const id = `op${index}`;
    ajv.addSchema({ ...op.paramsSchema, $id: id });
    refs[op.name] = id;
  });
  const file = join(dir, 'validators.cjs');
  writeFileSync(file, standaloneCode(ajv, refs));
  return file;
}

const setup = `
  const { createRequire } = await import('node:module');
  const require = createRequire(${JSON.stringify(pathToFileURL(join(runtimeDir, 'x.js')).href)});
  const params = ${JSON.stringify(params)};
  const t0 = performance.now();
  const { unpackRegistry } = await import(${JSON.stringify(pathToFileURL(join(runtimeDir, 'shared-subtrees.js')).href)});
  const registry = unpackRegistry((await import(${JSON.stringify(registryModule)})).default);
  const byName = new Map(registry.operations.map((e) => [e.name, e]));
`;

function scenarios(standaloneFile: string): Record<string, string> {
  const ajvLoad = `
    const { createAjv } = await import(${JSON.stringify(pathToFileURL(join(runtimeDir, 'ajv.js')).href)});
    const ajv = createAjv();
  `;
  return {
    'ajv load only': `${setup}${ajvLoad}`,
    lazy: `${setup}${ajvLoad}
      const validate = ajv.compile(byName.get(${JSON.stringify(OPERATION)}).paramsSchema);
      if (!validate(params)) throw new Error(JSON.stringify(validate.errors));`,
    precompiled: `${setup}
      const validators = require(${JSON.stringify(standaloneFile)});
      const validate = validators[${JSON.stringify(OPERATION)}];
      if (!validate(params)) throw new Error(JSON.stringify(validate.errors));`,
    eager: `${setup}${ajvLoad}
      const all = new Map(registry.operations.map((e) => [e.name, ajv.compile(e.paramsSchema)]));
      const validate = all.get(${JSON.stringify(OPERATION)});
      if (!validate(params)) throw new Error(JSON.stringify(validate.errors));`,
    'run() dry run': `
      const params = ${JSON.stringify(params)};
      const t0 = performance.now();
      const { run } = await import(${JSON.stringify(pathToFileURL(join(entryDir, 'index.js')).href)});
      await run(${JSON.stringify(OPERATION)}, params, { dryRun: true });`,
  };
}

function sample(code: string): { ms: number; sinceStart: number } {
  const script = `${code}\nconst t1 = performance.now(); process.stdout.write(JSON.stringify({ ms: t1 - t0, sinceStart: t1 }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function main(): void {
  // Inside the package (`.cache/` is git-ignored) so the module's require('ajv-formats/…') resolves.
  const dir = join(PACKAGE_ROOT, '.cache', 'bench');
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const standaloneFile = writeStandalone(dir);
  const buildMs = performance.now() - started;
  const size = statSync(standaloneFile).size;
  const gzip = gzipSync(readFileSync(standaloneFile)).length;

  console.log(`cold start, ${registry.operations.length} operations (registry ${registry.version}), first operation ${OPERATION}`);
  console.log(`standalone module: ${(size / 1024).toFixed(0)} KiB (${(gzip / 1024).toFixed(0)} KiB gzip), built in ${buildMs.toFixed(0)} ms`);
  console.log(`${SAMPLES} fresh processes per scenario; medians (ms): work = from the first line to validated params; process = since node started\n`);
  // Samples are taken round-robin (one of each scenario per round), so that whatever else the
  // machine does during the run weighs on every scenario alike.
  const entries = Object.entries(scenarios(standaloneFile));
  const samples = new Map<string, Array<{ ms: number; sinceStart: number }>>(entries.map(([name]) => [name, []]));
  for (let round = 0; round < SAMPLES; round++) {
    for (const [name, code] of entries) samples.get(name)!.push(sample(code));
  }
  const lazy = median(samples.get('lazy')!.map((s) => s.ms));
  console.log('scenario          work   process   work / lazy');
  for (const [name, runs] of samples) {
    const work = median(runs.map((s) => s.ms));
    const total = median(runs.map((s) => s.sinceStart));
    console.log(`${name.padEnd(16)} ${work.toFixed(1).padStart(6)}  ${total.toFixed(1).padStart(7)}   ${(work / lazy).toFixed(2).padStart(6)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
