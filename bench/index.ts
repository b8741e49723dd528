/**
 * `npm run bench`: every benchmark, each in a process of its own, one after the other (build
 * first: `npm run build`). `npm run bench -- --quick` (or `npm run bench:quick`) passes `--quick`
 * to each, for a run in under a minute (fewer rounds and rows: figures for direction only).
 *
 * Per call (dispatch.js, client-cpu.js, stages.js, phases.js) and streaming (streaming.js, page-cpu.js) are always run; the cold-start
 * and generation benchmarks are run when they are built (startup.js, cold-start.js,
 * generation*.js). Exits non-zero if any of them fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, benchOptions } from './processes.js';

const quick = benchOptions('npm run bench -- [--quick]', { quick: { type: 'boolean' } }).quick ?? false;
const scripts = [
  'dispatch.js',
  'client-cpu.js',
  'stages.js',
  'streaming.js',
  'page-cpu.js',
  'phases.js',
  ...['startup.js', 'cold-start.js'].filter((name) => existsSync(join(BENCH_DIR, name))),
  ...readdirSync(BENCH_DIR)
    .filter((name) => /^generation.*\.js$/.test(name))
    .sort(),
];

const started = performance.now();
const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n## ${script}${quick ? ' --quick' : ''}\n`);
  const result = spawnSync(process.execPath, [join(BENCH_DIR, script), ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${script} (${result.status ?? result.signal})`);
}
console.log(`\nbench: ${scripts.length} benchmarks in ${((performance.now() - started) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
if (failed.length) process.exitCode = 1;
