/**
 * Per-call cost, side by side: for each scenario a raw `fetch`, bare openapi-fetch (createClient
 * typed with the pinned version's paths) and `run()`, against bench/server.js in a process of its
 * own (pinned to its own core; this process to another), over loopback keep-alive.
 *
 *   npm run build && node dist/bench/dispatch.js [--quick] [--rounds 41] [--calls 200]
 *                                                 [--flight-rounds 15] [--flight-calls 2000] [--in-flight 64]
 *                                                 [--against <dist dir>]
 *
 * Rounds are round-robin: each round runs every scenario with every client in turn (in an order
 * shuffled per round, processes.ts roundOrder), so drift and load weigh on all alike. A round's figure
 * is calls per second; a ratio is paired within its round (run() of round 7 over raw of round 7),
 * and the tables give the median with the min–max over rounds.
 *
 * archive_user is the v1 composite (SearchContacts for the email, then ArchiveContact): raw and
 * openapi-fetch make the same two requests, one after the other.
 *
 * "raw fetch again" makes the raw calls once more as a client of its own, in the same rounds
 * (an A/A control): its ratio to raw is what scheduling and load alone give in that run, so a
 * run() / raw ratio is read against it (on a shared VM one round can move by half).
 *
 * `--against /work/main/dist` adds that build's run() ("run() against") as a fifth client in the
 * same rounds, so two builds are compared side by side over the same connections and server.
 */
import createClient from 'openapi-fetch';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRunner } from '../entry/index.js';
import type { paths } from '../generated/2.10/schema.js';
import { againstPreload, againstRunner } from './stages.js';
import { benchOptions, CLIENT_CORE, formatRange, machineLine, pairedRatios, pinSelf, roundOrder, startServer, summary, userSearch, wireHeaders } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const EMAIL = 'jane.doe@example.com';
/** "raw fetch again" is raw fetch once more, as a client of its own: its ratio to raw is what noise alone gives. */
const CLIENTS = ['raw fetch', 'raw fetch again', 'openapi-fetch', 'run()', 'run() against'] as const;
type ClientName = (typeof CLIENTS)[number];
type Call = () => Promise<unknown>;
type Clients = Partial<Record<ClientName, Call>>;

const USAGE =
  'node dist/bench/dispatch.js [--quick] [--rounds 41] [--calls 200] [--flight-rounds 15] [--flight-calls 2000] [--in-flight 64] [--against <dist dir>]';
const OPTIONS = {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  calls: { type: 'number' },
  'flight-rounds': { type: 'number' },
  'flight-calls': { type: 'number' },
  'in-flight': { type: 'number' },
  against: { type: 'string' },
  /** Internal: this process is the one --against starts again, with the other build preloaded. */
  'against-preloaded': { type: 'boolean' },
} as const;

function scenarios(baseUrl: string, against: typeof createRunner | undefined): Record<string, Clients> {
  // What run() sends, so every client puts the same bytes on the wire.
  const headers = wireHeaders(TOKEN);
  const jsonHeaders = wireHeaders(TOKEN, true);
  const client = createClient<paths>({ baseUrl, headers });
  const runner = createRunner({ token: TOKEN, baseUrl });
  const other = against?.({ token: TOKEN, baseUrl });
  const tag = { name: 'VIP' };
  const search = userSearch(EMAIL);
  const post = (path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: body === undefined ? headers : jsonHeaders, body: body === undefined ? undefined : JSON.stringify(body) });
  const all: Record<string, Clients> = {
    'GET retrieveAdmin': {
      'raw fetch': async () => (await fetch(`${baseUrl}/admins/991267921`, { headers })).json(),
      'openapi-fetch': async () => (await client.GET('/admins/{id}', { params: { path: { id: 991267921 } } })).data,
      'run()': () => runner.run('retrieveAdmin', { id: 991267921 }),
      ...(other && { 'run() against': () => other.run('retrieveAdmin', { id: 991267921 }) }),
    },
    'GET listTags': {
      'raw fetch': async () => (await fetch(`${baseUrl}/tags`, { headers })).json(),
      'openapi-fetch': async () => (await client.GET('/tags')).data,
      'run()': () => runner.run('listTags', {}),
      ...(other && { 'run() against': () => other.run('listTags', {}) }),
    },
    'POST createTag': {
      'raw fetch': async () => (await post('/tags', tag)).json(),
      'openapi-fetch': async () => (await client.POST('/tags', { body: tag })).data,
      'run()': () => runner.run('createTag', { $body: tag }),
      ...(other && { 'run() against': () => other.run('createTag', { $body: tag }) }),
    },
    'v1 archive_user': {
      'raw fetch': async () => {
        const found = (await (await post('/contacts/search', search)).json()) as { data: Array<{ id: string }> };
        return (await post(`/contacts/${encodeURIComponent(found.data[0].id)}/archive`)).json();
      },
      'openapi-fetch': async () => {
        const found = await client.POST('/contacts/search', { body: search as any });
        const id = (found.data as any).data[0].id as string;
        return (await client.POST('/contacts/{id}/archive', { params: { path: { id } } })).data;
      },
      'run()': () => runner.run('archive_user', { email: EMAIL }),
      ...(other && { 'run() against': () => other.run('archive_user', { email: EMAIL }) }),
    },
  };
  for (const calls of Object.values(all)) calls['raw fetch again'] = calls['raw fetch'];
  return all;
}

async function oneAtATime(call: Call, calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call();
  return calls / ((performance.now() - started) / 1000);
}

async function inFlight(call: Call, calls: number, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  return calls / ((performance.now() - begin) / 1000);
}

type Rates = Map<string, Partial<Record<ClientName, number[]>>>;

async function measure(all: Record<string, Clients>, clients: readonly ClientName[], rounds: number, batch: (call: Call) => Promise<number>): Promise<Rates> {
  const rates: Rates = new Map(Object.keys(all).map((name) => [name, Object.fromEntries(clients.map((client) => [client, []]))]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, calls] of Object.entries(all)) {
      for (const client of roundOrder(clients, round)) rates.get(name)![client]!.push(await batch(calls[client]!));
    }
  }
  return rates;
}

function report(title: string, clients: readonly ClientName[], rates: Rates): void {
  const compared = clients.slice(1);
  console.log(`\n${title}`);
  console.log(`| scenario | ${clients.map((client) => `${client} calls/s`).join(' | ')} | ${compared.map((client) => `${client} / raw`).join(' | ')} |`);
  console.log(`|---|${clients.map(() => '---|').join('')}${compared.map(() => '---|').join('')}`);
  for (const [name, byClient] of rates) {
    const raw = byClient['raw fetch']!;
    const cells = clients.map((client) => formatRange(summary(byClient[client]!), 0));
    const ratios = compared.map((client) => formatRange(summary(pairedRatios(byClient[client]!, raw)), 2));
    console.log(`| ${name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
}

export async function main(): Promise<void> {
  const options = benchOptions(USAGE, OPTIONS);
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 3 : 41);
  const calls = options.calls ?? (quick ? 100 : 200);
  const flightRounds = options['flight-rounds'] ?? (quick ? 3 : 15);
  const flightCalls = options['flight-calls'] ?? (quick ? 200 : 2000);
  const concurrency = options['in-flight'] ?? 64;
  const againstDir = options.against ?? '';
  const clients = againstDir ? CLIENTS : CLIENTS.filter((client) => client !== 'run() against');
  if (againstDir && !options['against-preloaded']) {
    // Again, in a process that preloads the other build (its entry is no import of ours).
    const args = ['--import', againstPreload(againstDir), fileURLToPath(import.meta.url), ...process.argv.slice(2), '--against-preloaded'];
    const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`dispatch --against exited with ${child.status}`);
    return;
  }
  pinSelf(CLIENT_CORE);
  const against = againstDir ? againstRunner() : undefined;
  const server = await startServer();
  try {
    const all = scenarios(server.baseUrl, against);
    // Warm-up: connections open, code optimised, every path taken once.
    for (const calls of Object.values(all)) for (const client of clients) await inFlight(calls[client]!, quick ? 100 : 300, 16);
    console.log(`dispatch: ${machineLine()}`);
    console.log('figures: median (min–max) over rounds; ratios paired per round');
    if (againstDir) console.log(`run() against: the build in ${againstDir}`);
    report(`One at a time: ${rounds} rounds × ${calls} calls per scenario and client`, clients, await measure(all, clients, rounds, (call) => oneAtATime(call, calls)));
    report(
      `${concurrency} in flight: ${flightRounds} rounds × ${flightCalls} calls per scenario and client`,
      clients,
      await measure(all, clients, flightRounds, (call) => inFlight(call, flightCalls, concurrency)),
    );
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
