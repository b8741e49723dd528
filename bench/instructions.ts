/**
 * Instructions per call, counted by valgrind's callgrind: repeatable where CPU time is not (on a
 * shared VM one batch can take three times another, and the same client's CPU time per call moved
 * from 360 to 550 µs within an hour here). For GET listTags over loopback keep-alive against
 * bench/server.js (its own process, not counted), each client runs in a process of its own under
 * callgrind twice, with `--calls` and with `--calls` + `--more` calls; the difference divided by
 * `--more` is the count per call, without the start-up both runs share. Instructions are not time
 * (a cache miss costs more than an add), so this tells what each step makes the process execute,
 * not what it costs in µs; client-cpu.js measures that.
 *
 *   raw fetch                     fetch + response.json(), no signal
 *   raw fetch + deadline signal   + the shared deadline's signal and `redirect: 'manual'`: what a timeout costs through a signal
 *   run(), no budget, no timeout  run() with `rateLimit: false, timeoutMs: 0`
 *   run(), no budget              run() with `rateLimit: false` (the default 30 s timeout)
 *   run()                         a default runner (30 s timeout, memory rate budget)
 *
 *   npm run build && node dist/bench/instructions.js [--quick] [--calls 200] [--more 1000] [--against <other>/dist]
 *
 * `--against` adds the three run() clients of another build (e.g. main's) for an A/B. Needs
 * valgrind (Debian's package); about a minute per process at the defaults, one process per core
 * at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRunner } from '../entry/index.js';
import { joinDeadline, leaveDeadline } from '../runtime/deadlines.js';
import { benchOptions, machineLine, startServer, wireHeaders } from './processes.js';
import { againstPreload, againstRunner } from './stages.js';

const TOKEN = 'bench-token-0123456789';
const HEADERS = wireHeaders(TOKEN);
/** run()'s default timeout (runtime/options.ts), for the deadline the raw client joins. */
const TIMEOUT_MS = 30_000;
const CLIENTS = ['raw fetch', 'raw fetch + deadline signal', 'run(), no budget, no timeout', 'run(), no budget', 'run()'] as const;
type Client = (typeof CLIENTS)[number];

const USAGE = 'node dist/bench/instructions.js [--quick] [--calls 200] [--more 1000] [--against <other>/dist]';
const OPTIONS = {
  quick: { type: 'boolean' },
  calls: { type: 'number' },
  more: { type: 'number' },
  against: { type: 'string' },
  // Internal: the process callgrind counts, and whether it runs the other build (started with its preload).
  child: { type: 'string' },
  'against-preloaded': { type: 'boolean' },
} as const;

function makeCall(client: Client, against: boolean, baseUrl: string): () => Promise<unknown> {
  if (client === 'raw fetch') return async () => (await fetch(`${baseUrl}/tags`, { headers: HEADERS })).json();
  if (client === 'raw fetch + deadline signal') {
    return async () => {
      const deadline = joinDeadline(TIMEOUT_MS);
      try {
        return await (await fetch(`${baseUrl}/tags`, { headers: HEADERS, signal: deadline.signal, redirect: 'manual' })).json();
      } finally {
        leaveDeadline(deadline);
      }
    };
  }
  const make = against ? againstRunner() : createRunner;
  const options: { rateLimit?: false; timeoutMs?: number } =
    client === 'run(), no budget, no timeout' ? { rateLimit: false, timeoutMs: 0 } : client === 'run(), no budget' ? { rateLimit: false } : {};
  const runner = make({ token: TOKEN, baseUrl, ...options });
  return () => runner.run('listTags', {});
}

/** The counted process: `calls` calls of one client, one after the other. */
async function child(client: Client, against: boolean, calls: number): Promise<void> {
  const server = await startServer();
  try {
    const call = makeCall(client, against, server.baseUrl);
    for (let i = 0; i < calls; i++) await call();
  } finally {
    await server.stop();
  }
}

/** The counted processes running now: killed when one fails, so none is left behind (each stops its own server when its stdin closes). */
const running = new Set<ChildProcess>();

/** Instructions callgrind counted in a process making `calls` calls of `client` (of the build in `against`, if given). */
function counted(client: Client, against: string | undefined, calls: number): Promise<number> {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath];
  if (against) args.push('--import', againstPreload(against));
  args.push(fileURLToPath(import.meta.url), '--child', client, '--calls', String(calls), ...(against ? ['--against-preloaded'] : []));
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      running.delete(child);
      const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr);
      if (status !== 0 || !refs) reject(new Error(`callgrind of "${client}" failed (${status}): ${stderr.slice(-500)}`));
      else resolve(Number(refs[1].replaceAll(',', '')));
    });
  });
}

/**
 * Runs `tasks` with at most `jobs` at once (counts do not depend on the load, so the cores are
 * used). The first failure starts no further task and kills the counted processes still running.
 */
export async function pooled<T>(tasks: (() => Promise<T>)[], jobs: number, stopAll: () => void = killRunning): Promise<T[]> {
  if (!(jobs >= 1)) throw new RangeError(`pooled: jobs must be at least 1 (got ${jobs})`);
  const results: T[] = new Array(tasks.length);
  let next = 0;
  // The first failure is the one reported (the processes killed after it fail too).
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (error) {
        if (failure) return;
        failure = { error };
        stopAll();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function main(): Promise<void> {
  const options = benchOptions(USAGE, OPTIONS);
  if (options.child !== undefined) {
    if (!(CLIENTS as readonly string[]).includes(options.child)) throw new Error(`unknown client ${options.child}`);
    return child(options.child as Client, options['against-preloaded'] ?? false, options.calls ?? 1);
  }
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('instructions: valgrind is not installed (apt-get install -y valgrind)');
    process.exit(1);
  }
  const quick = options.quick ?? false;
  const calls = options.calls ?? (quick ? 50 : 200);
  const more = options.more ?? (quick ? 200 : 1000);
  const runs: { name: string; client: Client; against?: string }[] = CLIENTS.map((client) => ({ name: client, client }));
  if (options.against) {
    const other = resolve(options.against);
    for (const client of CLIENTS.filter((c) => c.startsWith('run()'))) runs.push({ name: `${client} against`, client, against: other });
  }
  const totals = await pooled(
    runs.flatMap((run) => [() => counted(run.client, run.against, calls + more), () => counted(run.client, run.against, calls)]),
    Math.max(1, cpus().length),
  );
  const perCall = new Map(runs.map((run, i) => [run.name, (totals[2 * i] - totals[2 * i + 1]) / more]));
  const raw = perCall.get('raw fetch')!;
  console.log(`instructions: ${machineLine()}`);
  if (options.against) console.log(`against: the build in ${resolve(options.against)}`);
  console.log(`\nGET listTags, instructions per call (callgrind; ${calls + more} calls less ${calls}, in processes of their own)`);
  console.log('| client | thousand instructions per call | over raw |');
  console.log('|---|---|---|');
  for (const [name, count] of perCall) console.log(`| ${name} | ${(count / 1000).toFixed(1)} | ${((count - raw) / 1000).toFixed(1)} |`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
