/**
 * Streaming: `iterate('SearchContacts')` over every row of a long list (cursor pages of 150)
 * against a raw fetch loop asking for the same pages, each run in a fresh process (pinned to the
 * client core; bench/server.js in its own process on the other), so peak RSS is the run's own.
 * Figures: rows per second and the process's peak RSS (getrusage maxrss), median (min–max) over
 * the samples, taken alternately; ratios paired per sample.
 *
 *   npm run build && node dist/bench/streaming.js [--quick] [--rows 100000] [--samples 5]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLIENT_CORE, flag, formatRange, machineLine, numberOption, pairedRatios, pinned, startServer, summary } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const PAGE_SIZE = 150;
const QUERY = { field: 'role', operator: '=', value: 'user' } as const;
const KINDS = ['raw fetch loop', 'iterate()'] as const;
type Kind = (typeof KINDS)[number];

interface Sample {
  rows: number;
  ms: number;
  peakRssMiB: number;
}

/** What both loops do with a row: touch it, so neither can skip the parse. */
function take(row: unknown, seen: { bytes: number }): void {
  seen.bytes += (row as { id: string }).id.length;
}

async function rawLoop(baseUrl: string): Promise<number> {
  const headers = {
    Accept: 'application/json',
    'Intercom-Version': '2.10',
    'User-Agent': 'intercom-ops/0.1.0',
    'Content-Type': 'application/json',
    Authorization: `Bearer ${TOKEN}`,
  };
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
  const { iterate } = await import('../entry/index.js');
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
  const rows = kind === 'iterate()' ? await iterateLoop(baseUrl) : await rawLoop(baseUrl);
  const ms = performance.now() - started;
  const sample: Sample = { rows, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function runChild(kind: Kind, baseUrl: string): Promise<Sample> {
  const [command, args] = pinned(CLIENT_CORE, process.execPath, [fileURLToPath(import.meta.url), '--child', kind, '--base-url', baseUrl]);
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${kind} exited with ${code}`))));
  });
}

export async function main(): Promise<void> {
  const quick = flag('quick');
  const rows = numberOption('rows', quick ? 20_000 : 100_000);
  const samples = numberOption('samples', quick ? 1 : 5);
  const server = await startServer(['--rows', String(rows), '--page-size', String(PAGE_SIZE)]);
  try {
    console.log(`streaming: ${machineLine()}`);
    const results: Record<Kind, Sample[]> = { 'raw fetch loop': [], 'iterate()': [] };
    for (let i = 0; i < samples; i++) {
      // Alternating which goes first, so neither always meets a warmer server.
      for (const kind of i % 2 ? [...KINDS].reverse() : KINDS) {
        const sample = await runChild(kind, server.baseUrl);
        if (sample.rows !== rows) throw new Error(`${kind} saw ${sample.rows} rows, expected ${rows}`);
        results[kind].push(sample);
      }
    }
    const rate = (s: Sample) => s.rows / (s.ms / 1000);
    console.log(`\n${rows.toLocaleString('en')} rows of SearchContacts in cursor pages of ${PAGE_SIZE}, ${samples} fresh process(es) each; median (min–max)`);
    console.log('| loop | rows/s | peak RSS MiB | rows/s vs raw | peak RSS vs raw |');
    console.log('|---|---|---|---|---|');
    const raw = results['raw fetch loop'];
    for (const kind of KINDS) {
      const mine = results[kind];
      const rates = summary(mine.map(rate));
      const rss = summary(mine.map((s) => s.peakRssMiB));
      const rateRatio = summary(pairedRatios(mine.map(rate), raw.map(rate)));
      const rssRatio = summary(pairedRatios(mine.map((s) => s.peakRssMiB), raw.map((s) => s.peakRssMiB)));
      console.log(`| ${kind} | ${formatRange(rates, 0)} | ${formatRange(rss, 0)} | ${formatRange(rateRatio, 2)} | ${formatRange(rssRatio, 2)} |`);
    }
  } finally {
    await server.stop();
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex !== -1) {
  await child(process.argv[childIndex + 1] as Kind, process.argv[process.argv.indexOf('--base-url') + 1]);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
