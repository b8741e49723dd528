/**
 * Streaming: `iterate('SearchContacts')` over every row of a long list (cursor pages of 150)
 * against a raw fetch loop asking for the same pages, each run in a fresh process (pinned to the
 * client core; bench/server.js in its own process on the other), so peak RSS is the run's own.
 * Figures: rows per second and the process's peak RSS (getrusage maxrss), median (min–max) over
 * the samples, taken alternately; ratios paired per sample.
 *
 *   npm run build && node dist/bench/streaming.js [--quick] [--rows 100000] [--samples 5] [--against <dist dir>]
 *
 * The iterate() loop's time includes importing the package and the first call's setup (each loop
 * is a fresh process). The package is imported by its name, so the module package.json exports
 * (the bundle `npm run build` writes) is what is measured, as a user's import loads it. A second
 * table gives the rows per second after the first row, without them. "raw fetch loop again" runs
 * the raw loop once more in the same samples (an A/A control): its ratios to raw are what noise
 * alone gives in that run. `--against /work/main/dist` adds that build's iterate() child
 * ("iterate() against") to the same samples, so two builds are compared side by side (a build
 * whose child does not report its first row is left out of the second table). The dist must be a
 * built checkout's, with its package.json above it; a build from before 2026-12-02 21:00 UTC
 * imports tsc's modules instead of its bundle.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchOptions, CLIENT_CORE, formatRange, machineLine, pairedRatios, pinned, roundOrder, startServer, summary, wireHeaders, type BenchValues } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const PAGE_SIZE = 150;
const QUERY = { field: 'role', operator: '=', value: 'user' } as const;
/** "raw fetch loop again" is the raw loop once more, in processes of its own: its ratio to raw is what noise alone gives. */
type Kind = 'raw fetch loop' | 'raw fetch loop again' | 'iterate()' | 'iterate() against';

const USAGE = 'node dist/bench/streaming.js [--quick] [--rows 100000] [--samples 5] [--against <dist dir>]';
const OPTIONS = {
  quick: { type: 'boolean' },
  rows: { type: 'number' },
  samples: { type: 'number' },
  against: { type: 'string' },
  /** Internal: this process is one loop (its kind), against the server at --base-url. */
  child: { type: 'string' },
  'base-url': { type: 'string' },
} as const;

interface Sample {
  rows: number;
  ms: number;
  /** From the start of the loop (the package's import included) to the first row. */
  firstRowMs: number;
  peakRssMiB: number;
}

/** When the loop saw its first row (performance.now()). */
let firstRowAt: number | undefined;

/** What both loops do with a row: touch it, so neither can skip the parse. */
function take(row: unknown, seen: { bytes: number }): void {
  firstRowAt ??= performance.now();
  seen.bytes += (row as { id: string }).id.length;
}

async function rawLoop(baseUrl: string): Promise<number> {
  const headers = wireHeaders(TOKEN, true);
  const seen = { bytes: 0 };
  let rows = 0;
  let cursor: string | undefined;
  do {
    const pagination = cursor ? { per_page: PAGE_SIZE, starting_after: cursor } : { per_page: PAGE_SIZE };
    const response = await fetch(`${baseUrl}/contacts/search`, { method: 'POST', headers, body: JSON.stringify({ query: QUERY, pagination }) });
    const page = (await response.json()) as { data: unknown[]; pages?: { next?: { starting_after?: string } } };
    for (const row of page.data) {
      take(row, seen);
      rows++;
    }
    cursor = page.pages?.next?.starting_after;
  } while (cursor);
  return rows;
}

async function iterateLoop(baseUrl: string): Promise<number> {
  // The package by its own name: what a user's import loads (the shipped bundle, package.json's exports).
  const { iterate } = await import('intercom-ops');
  const seen = { bytes: 0 };
  let rows = 0;
  for await (const row of iterate('SearchContacts', { $body: { query: QUERY, pagination: { per_page: PAGE_SIZE } } }, { token: TOKEN, baseUrl })) {
    take(row, seen);
    rows++;
  }
  return rows;
}

/** In the child: one loop over every row, then its figures on stdout. */
async function child(kind: Kind, baseUrl: string): Promise<void> {
  const started = performance.now();
  const rows = kind === 'raw fetch loop' ? await rawLoop(baseUrl) : await iterateLoop(baseUrl);
  const ms = performance.now() - started;
  const sample: Sample = { rows, ms, firstRowMs: (firstRowAt ?? performance.now()) - started, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

/** A loop in a fresh process; "iterate() against" is the other build's own iterate() child (bench/streaming.js there). */
function runChild(kind: Kind, baseUrl: string, againstDir: string): Promise<Sample> {
  const child =
    kind === 'iterate() against'
      ? // Its real path: a script reached through a symlink does not see itself as the main module.
        [realpathSync(join(againstDir, 'bench', 'streaming.js')), '--child', 'iterate()', '--base-url', baseUrl]
      : [fileURLToPath(import.meta.url), '--child', kind === 'raw fetch loop again' ? 'raw fetch loop' : kind, '--base-url', baseUrl];
  const [command, args] = pinned(CLIENT_CORE, process.execPath, child);
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${kind} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as Sample);
      } catch {
        reject(new Error(`${kind} printed no sample (${JSON.stringify(out.slice(0, 200))})`));
      }
    });
  });
}

export async function main(options: BenchValues<typeof OPTIONS>): Promise<void> {
  const quick = options.quick ?? false;
  const rows = options.rows ?? (quick ? 20_000 : 100_000);
  const samples = options.samples ?? (quick ? 1 : 5);
  const againstDir = options.against ?? '';
  const kinds: Kind[] = ['raw fetch loop', 'raw fetch loop again', 'iterate()', ...(againstDir ? (['iterate() against'] as const) : [])];
  const server = await startServer(['--rows', String(rows), '--page-size', String(PAGE_SIZE)]);
  try {
    console.log(`streaming: ${machineLine()}`);
    if (againstDir) console.log(`iterate() against: the build in ${againstDir}`);
    const results = Object.fromEntries(kinds.map((kind) => [kind, [] as Sample[]])) as Record<Kind, Sample[]>;
    for (let i = 0; i < samples; i++) {
      // In an order shuffled per sample, so none always meets a warmer server or follows the same loop.
      for (const kind of roundOrder(kinds, i)) {
        const sample = await runChild(kind, server.baseUrl, againstDir);
        if (sample.rows !== rows) throw new Error(`${kind} saw ${sample.rows} rows, expected ${rows}`);
        results[kind].push(sample);
      }
    }
    const raw = results['raw fetch loop'];
    const table = (title: string, rate: (s: Sample) => number, shown: Kind[] = kinds) => {
      console.log(`\n${title}`);
      console.log('| loop | rows/s | peak RSS MiB | rows/s vs raw | peak RSS vs raw |');
      console.log('|---|---|---|---|---|');
      for (const kind of shown) {
        const mine = results[kind];
        const rates = summary(mine.map(rate));
        const rss = summary(mine.map((s) => s.peakRssMiB));
        const rateRatio = summary(pairedRatios(mine.map(rate), raw.map(rate)));
        const rssRatio = summary(pairedRatios(mine.map((s) => s.peakRssMiB), raw.map((s) => s.peakRssMiB)));
        console.log(`| ${kind} | ${formatRange(rates, 0)} | ${formatRange(rss, 0)} | ${formatRange(rateRatio, 2)} | ${formatRange(rssRatio, 2)} |`);
      }
    };
    table(
      `${rows.toLocaleString('en')} rows of SearchContacts in cursor pages of ${PAGE_SIZE}, ${samples} fresh process(es) each; median (min–max)`,
      (s) => s.rows / (s.ms / 1000),
    );
    const timed = kinds.filter((kind) => results[kind].every((s) => typeof s.firstRowMs === 'number'));
    table('After the first row (without the import and the first page): rows/s; median (min–max)', (s) => (s.rows - 1) / ((s.ms - s.firstRowMs) / 1000), timed);
    console.log('\nfirst row after (ms): ' + timed.map((kind) => `${kind} ${formatRange(summary(results[kind].map((s) => s.firstRowMs)), 0)}`).join('; '));
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = benchOptions(USAGE, OPTIONS);
  if (options.child !== undefined) {
    if (options.child !== 'raw fetch loop' && options.child !== 'iterate()') throw new Error(`--child ${options.child}: a raw fetch loop or iterate()`);
    if (options['base-url'] === undefined) throw new Error('--child runs against the server at --base-url');
    await child(options.child, options['base-url']);
  } else {
    await main(options);
  }
}
