/**
 * What the benchmarks share: the loopback server in a process of its own, CPU pinning (server and
 * client on separate cores, with `taskset` where there is one and the machine has two cores or
 * more), the command line (parseArgs), the statistics (medians, min–max, quartiles, paired
 * ratios) and the order of clients in a round.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * A benchmark's option: a boolean or a string as parseArgs has them, or a count (a positive whole
 * number, given as a string); a string option with `choices` takes only one of them.
 */
export interface BenchOption {
  type: 'boolean' | 'string' | 'number';
  choices?: readonly string[];
}

/** The values given: absent options are undefined (the script's `??` is the default). */
export type BenchValues<T extends Record<string, BenchOption>> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K]['type'] extends 'number' ? number : string;
};

/**
 * A benchmark's command line, through node:util parseArgs (strict: an unknown option, a missing
 * value or a stray argument is refused), each 'number' option checked to be a positive whole number
 * (every one is a count: rounds, calls, samples, rows, a limit, milliseconds), and a string option
 * with `choices` checked to be one of them.
 * A refusal prints what was wrong and `usage` on stderr and exits 2; `--help` prints `usage` and
 * exits 0.
 */
export function benchOptions<const T extends Record<string, BenchOption>>(usage: string, options: T, args = process.argv.slice(2)): BenchValues<T> {
  const table = Object.fromEntries(Object.entries(options).map(([name, { type }]) => [name, { type: type === 'boolean' ? ('boolean' as const) : ('string' as const) }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: { ...table, help: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    // `--bogus --help`: the help asked for wins over what could not be parsed.
    if (args.includes('--help')) help(usage);
    return refuse((error as Error).message, usage);
  }
  if (values.help) help(usage);
  const parsed: Record<string, string | boolean | number | undefined> = { ...values };
  for (const [name, { type, choices }] of Object.entries(options)) {
    if (choices && values[name] !== undefined && !choices.includes(String(values[name]))) {
      refuse(`--${name} takes one of ${choices.join(', ')}, not ${JSON.stringify(values[name])}`, usage);
    }
    if (type !== 'number' || values[name] === undefined) continue;
    const value = Number(values[name]);
    if (!Number.isSafeInteger(value) || value <= 0) refuse(`--${name} takes a positive whole number, not ${JSON.stringify(values[name])}`, usage);
    parsed[name] = value;
  }
  delete parsed.help;
  return parsed as BenchValues<T>;
}

function help(usage: string): never {
  console.log(`usage: ${usage}`);
  process.exit(0);
}

function refuse(message: string, usage: string): never {
  console.error(`${message}\nusage: ${usage}`);
  process.exit(2);
}

/**
 * The headers run() sends (runtime/request.ts buildHeaders, in its order), for the raw clients, so
 * every client of a benchmark puts the same bytes on the wire. Written out rather than imported:
 * the raw clients use none of the package's code (test/bench-stats.test.ts holds them to run()'s).
 */
export function wireHeaders(token: string, json = false): Record<string, string> {
  return {
    Accept: 'application/json',
    'Intercom-Version': '2.10',
    'User-Agent': 'intercom-ops/0.1.0',
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    Authorization: `Bearer ${token}`,
  };
}

/**
 * The search a v1 lookup by email sends (archive_user's binding: a user with that email, two rows
 * at most), for the raw clients that make the same lookup (test/bench-stats.test.ts holds it to
 * the binding's).
 */
export function userSearch(email: string) {
  return {
    query: { operator: 'AND', value: [{ field: 'role', operator: '=', value: 'user' }, { field: 'email', operator: '=', value: email }] },
    pagination: { per_page: 2 },
  };
}

let tasksetChecked: boolean | undefined;
/** Pinning works here: `taskset` exists and there are two cores to keep apart. */
export function canPin(): boolean {
  tasksetChecked ??= cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return tasksetChecked;
}

/** The core the client runs on and the core the server runs on. */
export const CLIENT_CORE = 0;
export const SERVER_CORE = 1;

/** Pins this process (every thread) to `core`; false where pinning is not possible. */
export function pinSelf(core: number): boolean {
  if (!canPin()) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** `command args` as spawned on `core` (through taskset when possible). */
export function pinned(core: number, command: string, args: string[]): [string, string[]] {
  return canPin() ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

export interface BenchServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts bench/server.js in its own process (on SERVER_CORE); resolves once it listens. */
export async function startServer(args: string[] = []): Promise<BenchServer> {
  const [command, argv] = pinned(SERVER_CORE, process.execPath, [join(BENCH_DIR, 'server.js'), ...args]);
  const child: ChildProcess = spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    lines.once('line', (line) => resolve(JSON.parse(line).port));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summary(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export interface Quartiles {
  p25: number;
  median: number;
  p75: number;
}

/** The median and the 25th and 75th percentiles (nearest rank): where most rounds fall when a few are far off. */
export function quartiles(values: readonly number[]): Quartiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p25: at(0.25), median: median(values), p75: at(0.75) };
}

/**
 * The order of `items` in round `round`: shuffled, the same for the same round (a seeded
 * Fisher–Yates). Over the rounds each client follows every other about equally often, so what a
 * batch leaves behind (garbage to collect, caches of its own code) does not always fall on the
 * same client; a plain rotation keeps the same neighbours, and an A/A pair would then always run
 * back to back.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const order = [...items];
  // mulberry32: a small, good-enough generator; the seed makes every run take the same orders.
  let seed = (round + 1) * 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Ratios of the same round: `values[i] / base[i]`. */
export function pairedRatios(values: readonly number[], base: readonly number[]): number[] {
  return values.map((value, i) => value / base[i]);
}

export function formatRange(s: Summary, digits: number): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

export function formatQuartiles(q: Quartiles, digits: number): string {
  return `${q.median.toFixed(digits)} (${q.p25.toFixed(digits)}–${q.p75.toFixed(digits)})`;
}

/** Machine facts printed with every result (load changes figures on a shared machine). */
export function machineLine(): string {
  const load = spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? 'uptime unavailable';
  return `node ${process.version}, ${cpus().length} cores, pinned: ${canPin() ? `client core ${CLIENT_CORE}, server core ${SERVER_CORE}` : 'no'}; ${load}`;
}
