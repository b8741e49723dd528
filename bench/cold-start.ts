/**
 * Cold start of params validation, in fresh processes side by side: the pinned version's
 * precompiled validators (generated/<pinned>/validators/, what the root runs) against Ajv compiling
 * at run time (what a registry without precompiled code does: another version, a caller's own
 * data). Each sample is a fresh `node` process (a cold V8, cold module cache); the figure is the
 * median over the samples.
 *
 *   npm run build && node dist/bench/cold-start.js [--quick] [--samples 15] [--operation SearchContacts]
 *
 * --quick: 5 samples per scenario.
 *
 * Scenarios (each ends with the first operation's params validated):
 * - ajv load only: import the registry module, load Ajv + formats (no compiling).
 * - compiled:      import the registry module, load Ajv + formats, compile ONE validator, validate.
 * - precompiled:   import the registry module and the operation's precompiled validator, validate.
 * - eager:         import the registry module, load Ajv + formats, compile ALL validators, validate.
 * - run():         import the public entry and dry-run the operation (end to end).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exampleParams } from '../runtime/example-params.js';
import pinnedPacked from '../generated/pinned.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { benchOptions } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const runtimeDir = join(here, '..', 'runtime');
const entryDir = join(here, '..', 'entry');
const registryModule = pathToFileURL(join(here, '..', 'generated', 'pinned.js')).href;

const OPTIONS = benchOptions('node dist/bench/cold-start.js [--quick] [--samples 15] [--operation SearchContacts]', {
  quick: { type: 'boolean' },
  samples: { type: 'number' },
  operation: { type: 'string' },
});
const SAMPLES = OPTIONS.samples ?? (OPTIONS.quick ? 5 : 15);
const OPERATION = OPTIONS.operation ?? 'SearchContacts';
const registry = unpackRegistry(pinnedPacked);
const entry = registry.operations.find((e) => e.name === OPERATION);
if (!entry) throw new Error(`no operation ${OPERATION} in the ${registry.version} registry`);
const params = exampleParams(entry.paramsSchema);

const setup = `
  const params = ${JSON.stringify(params)};
  const t0 = performance.now();
  const { unpackRegistry } = await import(${JSON.stringify(pathToFileURL(join(runtimeDir, 'shared-subtrees.js')).href)});
  const registry = unpackRegistry((await import(${JSON.stringify(registryModule)})).default);
  const byName = new Map(registry.operations.map((e) => [e.name, e]));
`;

function scenarios(): Record<string, string> {
  const ajvLoad = `
    const { createAjv } = await import(${JSON.stringify(pathToFileURL(join(runtimeDir, 'ajv.js')).href)});
    const ajv = createAjv();
  `;
  return {
    'ajv load only': `${setup}${ajvLoad}`,
    compiled: `${setup}${ajvLoad}
      const validate = ajv.compile(byName.get(${JSON.stringify(OPERATION)}).paramsSchema);
      if (!validate(params)) throw new Error(JSON.stringify(validate.errors));`,
    precompiled: `${setup}
      const { validators } = await import(${JSON.stringify(registryModule)});
      const validate = await validators[${JSON.stringify(OPERATION)}]();
      if (!validate(params)) throw new Error('the precompiled validator refused the example params');`,
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
  console.log(`cold start, ${registry.operations.length} operations (registry ${registry.version}), first operation ${OPERATION}`);
  console.log(`${SAMPLES} fresh processes per scenario; medians (ms): work = from the first line to validated params; process = since node started\n`);
  // Samples are taken round-robin (one of each scenario per round), so that whatever else the
  // machine does during the run weighs on every scenario alike.
  const entries = Object.entries(scenarios());
  const samples = new Map<string, Array<{ ms: number; sinceStart: number }>>(entries.map(([name]) => [name, []]));
  for (let round = 0; round < SAMPLES; round++) {
    for (const [name, code] of entries) samples.get(name)!.push(sample(code));
  }
  const compiled = median(samples.get('compiled')!.map((s) => s.ms));
  console.log('scenario          work   process   work / compiled');
  for (const [name, runs] of samples) {
    const work = median(runs.map((s) => s.ms));
    const total = median(runs.map((s) => s.sinceStart));
    console.log(`${name.padEnd(16)} ${work.toFixed(1).padStart(6)}  ${total.toFixed(1).padStart(7)}   ${(work / compiled).toFixed(2).padStart(6)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
