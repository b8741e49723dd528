/**
 * The rate budget under load: worker processes calling ONE workspace as fast as they can on a
 * loopback server (a process of its own) that enforces a fixed-window limit the way Intercom does.
 *
 *   npm run build && node dist/bench/rate-limit.js [--limit 167] [--window-ms 1000] [--windows 6]
 *                                      [--workers 8] [--in-flight 16] [--memory-in-flight 64]
 *
 * Intercom counts 10-second windows; here the window is scaled down to 1 s and the limit with it
 * (167 a window: Intercom's 10,000 calls a minute per app is 1,667 per 10 s), so that a run of
 * several windows takes seconds. Scenarios, one after the other on the same server:
 *   redis        `--workers` processes × `--in-flight` calls, one budget in Redis (redis-server of its own)
 *   none         the same workers with `rateLimit: false` (each process on its own retry policy)
 *   memory       one process with `--memory-in-flight` calls, `rateLimit: "memory"`
 *   redis-killed as redis, with Redis killed (SIGKILL) after 2 windows and restarted 2 windows later
 * Reported per scenario, over the windows wholly inside the run: calls served per window as a
 * share of the limit (min and median), calls that failed, and the share of requests answered 429.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RateLimitSetting } from '../runtime/index.js';
import { benchOptions } from './processes.js';
import { startRedis, type RedisProcess } from './rate-limit/redis-process.js';

const OPTIONS = benchOptions(
  'node dist/bench/rate-limit.js [--limit 167] [--window-ms 1000] [--windows 6] [--workers 8] [--in-flight 16] [--memory-in-flight 64]',
  {
    limit: { type: 'number' },
    'window-ms': { type: 'number' },
    windows: { type: 'number' },
    workers: { type: 'number' },
    'in-flight': { type: 'number' },
    'memory-in-flight': { type: 'number' },
  },
);
const LIMIT = OPTIONS.limit ?? 167;
const WINDOW_MS = OPTIONS['window-ms'] ?? 1000;
const WINDOWS = OPTIONS.windows ?? 6;
const WORKERS = OPTIONS.workers ?? 8;
/**
 * Calls in flight per worker: each window's 167 calls need enough of them that the workers keep
 * up when a round trip takes 100 ms or more (a busy host); with 8 each, 64 loops need three
 * round trips per window.
 */
const IN_FLIGHT = OPTIONS['in-flight'] ?? 16;
const MEMORY_IN_FLIGHT = OPTIONS['memory-in-flight'] ?? 64;
const TOKEN = 'bench-rate-token';
const here = dirname(fileURLToPath(import.meta.url));

interface WorkerResult {
  ok: number;
  failed: Record<string, number>;
  warnings: string[];
  waits: number[];
  durations: number[];
}

function message<T>(child: ChildProcess, type?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (value: any) => {
      if (type && value?.type !== type) return;
      child.off('message', onMessage);
      resolve(value as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited (${code})`)));
  });
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, 'rate-limit/server.js'), ['--limit', String(LIMIT), '--window-ms', String(WINDOW_MS)]);
  const { port } = await message<{ port: number }>(child, 'ready');
  return { child, url: `http://127.0.0.1:${port}` };
}

interface Scenario {
  name: string;
  processes: number;
  inFlight: number;
  rateLimit: (redis: RedisProcess | undefined) => RateLimitSetting;
  redis: boolean;
  /** Kill Redis after this many windows, restart it as many windows later. */
  killAfterWindows?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'redis', processes: WORKERS, inFlight: IN_FLIGHT, redis: true, rateLimit: (redis) => ({ redis: redis!.url }) },
  { name: 'none', processes: WORKERS, inFlight: IN_FLIGHT, redis: false, rateLimit: () => false },
  { name: 'memory', processes: 1, inFlight: MEMORY_IN_FLIGHT, redis: false, rateLimit: () => 'memory' },
  { name: 'redis-killed', processes: WORKERS, inFlight: IN_FLIGHT, redis: true, rateLimit: (redis) => ({ redis: redis!.url }), killAfterWindows: 2 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function runScenario(scenario: Scenario, server: { child: ChildProcess; url: string }) {
  let redis = scenario.redis ? await startRedis() : undefined;
  const workers = Array.from({ length: scenario.processes }, () =>
    fork(join(here, 'rate-limit/worker.js'), [
      '--base-url',
      server.url,
      '--token',
      TOKEN,
      '--in-flight',
      String(scenario.inFlight),
      '--rate-limit',
      JSON.stringify(scenario.rateLimit(redis)),
    ]),
  );
  await Promise.all(workers.map((w) => message(w, 'ready')));
  server.child.send({ type: 'reset' });
  // Start together on a window boundary, so that the first window is a whole one too.
  const startAt = (Math.floor(Date.now() / WINDOW_MS) + 1) * WINDOW_MS;
  const until = startAt + WINDOWS * WINDOW_MS;
  const results = workers.map((w) => message<WorkerResult>(w));
  for (const w of workers) w.send({ startAt, until });
  if (scenario.killAfterWindows && redis) {
    const port = redis.port;
    await new Promise((resolve) => setTimeout(resolve, startAt + scenario.killAfterWindows! * WINDOW_MS - Date.now()));
    await redis.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, scenario.killAfterWindows! * WINDOW_MS));
    redis = await startRedis(port);
  }
  const answers = await Promise.all(results);
  server.child.send({ type: 'stats' });
  const { windows } = await message<{ windows: [number, [number, number]][] }>(server.child, 'stats');
  await redis?.stop();
  const inside = windows.filter(([index]) => index >= startAt / WINDOW_MS && index < until / WINDOW_MS).sort((a, b) => a[0] - b[0]);
  const served = inside.map(([, [ok]]) => ok);
  const all = windows.reduce((sum, [, [ok, refused]]) => ({ ok: sum.ok + ok, refused: sum.refused + refused }), { ok: 0, refused: 0 });
  const failed: Record<string, number> = {};
  for (const answer of answers) for (const [code, n] of Object.entries(answer.failed)) failed[code] = (failed[code] ?? 0) + n;
  return {
    name: scenario.name,
    setup: `${scenario.processes} × ${scenario.inFlight}`,
    windows: served.length,
    minShare: Math.min(...served) / LIMIT,
    medianShare: median(served) / LIMIT,
    perWindow: served,
    failed,
    failedCount: Object.values(failed).reduce((a, b) => a + b, 0),
    answered429: all.refused / (all.ok + all.refused),
    requests: all.ok + all.refused,
    warnings: answers.reduce((n, a) => n + a.warnings.length, 0),
    warningTexts: [...new Set(answers.flatMap((a) => a.warnings))],
    waits: answers.flatMap((a) => a.waits),
    durations: answers.flatMap((a) => a.durations),
  };
}

export async function main(): Promise<void> {
  const server = await startServer();
  const rows = [];
  for (const scenario of SCENARIOS) rows.push(await runScenario(scenario, server));
  server.child.send({ type: 'stop' });
  console.log(`rate-limit: one workspace, a limit of ${LIMIT} calls per ${WINDOW_MS} ms window (Intercom's 10 s windows scaled down), ${WINDOWS} windows per scenario`);
  console.log('scenario      processes×in-flight  windows  served/limit min  median   failed calls  answered 429  requests  warnings');
  for (const r of rows) {
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(
      `${r.name.padEnd(13)} ${r.setup.padStart(19)}  ${String(r.windows).padStart(7)}  ${pct(r.minShare).padStart(16)}  ${pct(r.medianShare).padStart(7)}  ${String(r.failedCount).padStart(12)}  ${pct(r.answered429).padStart(12)}  ${String(r.requests).padStart(8)}  ${String(r.warnings).padStart(8)}`,
    );
  }
  for (const r of rows) {
    const p = (values: number[], q: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] : 0);
    console.log(
      `${r.name}: served per window ${r.perWindow.join(', ')}${r.failedCount ? `; failed ${JSON.stringify(r.failed)}` : ''}; ` +
        `answer time p50/p90 ${p(r.durations, 0.5)}/${p(r.durations, 0.9)} ms; ${r.waits.length} waits for budget, p50/max ${p(r.waits, 0.5)}/${p(r.waits, 1)} ms`,
    );
    for (const text of r.warningTexts) console.log(`  warning: ${text}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
