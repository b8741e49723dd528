/**
 * Where iterate()'s cost goes, per page: the client's CPU time (user + system, `process.cpuUsage`)
 * of whole loops over SearchContacts' cursor pages of 150 rows, in one warm process (bench/streaming.js
 * runs each loop in a fresh process and measures rows per second and memory; this one leaves
 * the import and the warm-up out). Against bench/server.js in its own process and core:
 *
 *   raw fetch loop                 fetch + response.json() per page, its rows read synchronously
 *   raw fetch loop, for await      the same pages, their rows handed out through `for await` as
 *                                  iterate() must: what async iteration costs a page
 *   iterate(), no budget, no timeout  `rateLimit: false, timeoutMs: 0`
 *   iterate()                      a default runner (30 s timeout, memory rate budget)
 *
 *   npm run build && node dist/bench/page-cpu.js [--quick] [--rounds 30] [--pages 200]
 *
 * The loops alternate in an order shuffled per round (processes.ts roundOrder); figures are
 * medians (25th–75th percentile) over rounds, differences paired per round.
 */
import { pathToFileURL } from 'node:url';
import { createRunner } from '../entry/index.js';
import { benchOptions, CLIENT_CORE, formatQuartiles, machineLine, pinSelf, quartiles, roundOrder, startServer, wireHeaders } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const PAGE_SIZE = 150;
/** Whole loops per client before measuring. */
const WARM_UP_LOOPS = 3;
const QUERY = { field: 'role', operator: '=', value: 'user' } as const;
/** What run() sends for SearchContacts, so every loop puts the same bytes on the wire. */
const HEADERS = wireHeaders(TOKEN, true);

const USAGE = 'node dist/bench/page-cpu.js [--quick] [--rounds 30] [--pages 200]';
const OPTIONS = {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  pages: { type: 'number' },
} as const;

interface Row {
  id?: string;
}
type Loop = () => Promise<number>;

function loops(baseUrl: string): Record<string, Loop> {
  async function* rawPages(): AsyncGenerator<Row[]> {
    let cursor: string | undefined;
    do {
      const pagination = cursor ? { per_page: PAGE_SIZE, starting_after: cursor } : { per_page: PAGE_SIZE };
      const response = await fetch(`${baseUrl}/contacts/search`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ query: QUERY, pagination }) });
      const page = (await response.json()) as { data: Row[]; pages?: { next?: { starting_after?: string } } };
      yield page.data;
      cursor = page.pages?.next?.starting_after;
    } while (cursor);
  }
  /** The raw pages' rows one `next()` at a time, each answered with a resolved promise (as iterate()'s rows are). */
  function rawRows(): AsyncIterableIterator<Row> {
    const pages = rawPages();
    let rows: Row[] = [];
    let index = 0;
    const iterator: AsyncIterableIterator<Row> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (index >= rows.length) {
          const page = await pages.next();
          if (page.done) return { value: undefined, done: true };
          rows = page.value;
          index = 0;
        }
        return { value: rows[index++], done: false };
      },
    };
    return iterator;
  }
  const bare = createRunner({ token: TOKEN, baseUrl, rateLimit: false, timeoutMs: 0 });
  const runner = createRunner({ token: TOKEN, baseUrl });
  const params = { $body: { query: QUERY, pagination: { per_page: PAGE_SIZE } } };
  const count = async (rows: AsyncIterable<Row>): Promise<number> => {
    let seen = 0;
    for await (const row of rows) seen += row.id ? 1 : 0;
    return seen;
  };
  return {
    'raw fetch loop': async () => {
      let seen = 0;
      for await (const rows of rawPages()) for (const row of rows) seen += row.id ? 1 : 0;
      return seen;
    },
    'raw fetch loop, for await': () => count(rawRows()),
    'iterate(), no budget, no timeout': () => count(bare.iterate('SearchContacts', params)),
    'iterate()': () => count(runner.iterate('SearchContacts', params)),
  };
}

export async function main(): Promise<void> {
  const options = benchOptions(USAGE, OPTIONS);
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 10 : 30);
  const pages = options.pages ?? (quick ? 100 : 200);
  const rows = pages * PAGE_SIZE;
  pinSelf(CLIENT_CORE);
  const server = await startServer(['--rows', String(rows), '--page-size', String(PAGE_SIZE)]);
  try {
    const all = loops(server.baseUrl);
    const names = Object.keys(all);
    const cpuPerPage = async (loop: Loop): Promise<number> => {
      const before = process.cpuUsage();
      const seen = await loop();
      const used = process.cpuUsage(before);
      if (seen !== rows) throw new Error(`a loop saw ${seen} rows, expected ${rows}`);
      return (used.user + used.system) / pages;
    };
    // Warm-up: connections open and every loop's code optimised before the first round.
    for (let i = 0; i < WARM_UP_LOOPS; i++) for (const name of names) await cpuPerPage(all[name]);
    const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const name of roundOrder(names, round)) cpu[name].push(await cpuPerPage(all[name]));
    }
    const raw = cpu['raw fetch loop'];
    console.log(`page-cpu: ${machineLine()}`);
    console.log(`\nSearchContacts, ${pages} pages of ${PAGE_SIZE} rows per loop, one warm process: client CPU µs per page, ${rounds} rounds; median (25th–75th percentile)`);
    console.log('| loop | CPU µs per page | over the raw loop, paired per round |');
    console.log('|---|---|---|');
    for (const name of names) {
      console.log(`| ${name} | ${formatQuartiles(quartiles(cpu[name]), 0)} | ${formatQuartiles(quartiles(cpu[name].map((value, i) => value - raw[i])), 0)} |`);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
