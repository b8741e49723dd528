/**
 * Where a call's wall time goes, request by request: the timestamps undici publishes on its
 * diagnostics channels (request created, headers queued, request written, answer's headers
 * parsed, answer ended), for raw fetch and run() in one warm process, against bench/server.js in
 * its own process and core. It tells the time outside undici's requests (before the first is
 * created, between one's end and the next one's creation, after the last: the caller's code,
 * fetch's Request and Response objects, reading the body, and run()'s own code) from the time
 * inside them (undici's client and parser, the socket, the server), which bench/dispatch.js's
 * calls per second cannot. "Inside" is not the wire alone: the client's CPU is busy for much of
 * the wait for headers (undici writes and parses there), and the answer usually ends in the same
 * parser pass as its headers.
 *
 *   raw fetch                     fetch + response.json(), as dispatch.js's raw client
 *   raw fetch again               the same client once more: its differences are what noise gives (A/A)
 *   run(), no budget, no timeout  `rateLimit: false, timeoutMs: 0`
 *   run()                         a default runner (30 s timeout, memory rate budget)
 *
 *   npm run build && node dist/bench/phases.js [--quick] [--rounds 40] [--calls 50] [--scenario listTags|archive_user]
 *
 * Clients alternate in an order shuffled per round (processes.ts roundOrder); figures are over
 * every call of the measured rounds (the first rounds warm up and are left out), as medians (which
 * the few long stalls do not move, and which do not add up to the total) and as means (which do,
 * and which show what the stalls cost).
 */
import { subscribe } from 'node:diagnostics_channel';
import { pathToFileURL } from 'node:url';
import { createRunner } from '../entry/index.js';
import { benchOptions, CLIENT_CORE, machineLine, median, pinSelf, roundOrder, startServer } from './processes.js';
import { SCENARIOS, TOKEN, type Scenario } from './scenarios.js';

/** Rounds left out of the figures: connections open and every client's code optimised first. */
const WARM_UP_ROUNDS = 5;
/** What undici publishes per request, in this order (undici 6 and 7; checked per call). */
export const EVENTS = ['undici:request:create', 'undici:client:sendHeaders', 'undici:request:bodySent', 'undici:request:headers', 'undici:request:trailers'] as const;
/** One event of a call: its channel and when it was published (performance.now()). */
export type Stamp = readonly [channel: string, at: number];

const USAGE = 'node dist/bench/phases.js [--quick] [--rounds 40] [--calls 50] [--scenario listTags|archive_user]';
const OPTIONS = {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  calls: { type: 'number' },
  scenario: { type: 'string', choices: ['listTags', 'archive_user'] },
} as const;

type Call = () => Promise<unknown>;

function clients(baseUrl: string, scenario: Scenario): Record<string, Call> {
  const bare = createRunner({ token: TOKEN, baseUrl, rateLimit: false, timeoutMs: 0 });
  const runner = createRunner({ token: TOKEN, baseUrl });
  const raw: Call = () => scenario.raw(baseUrl);
  return {
    'raw fetch': raw,
    'raw fetch again': raw,
    'run(), no budget, no timeout': () => scenario.run(bare),
    'run()': () => scenario.run(runner),
  };
}

/**
 * One call's phases (ms) from its start, its end and its requests' events (EVENTS, in order, for
 * each request): before the first request, then per request the time to write it, the wait for
 * the answer's headers and the rest of the answer, between requests, and after the last one.
 */
export function phasesOf(start: number, end: number, stamps: readonly Stamp[], requests: number): Record<string, number> {
  const expected = Array.from({ length: requests }, () => EVENTS).flat();
  const channels = stamps.map(([channel]) => channel);
  if (channels.join() !== expected.join()) {
    throw new Error(`expected the events of ${requests} request(s), in order (${EVENTS.join(', ')} each); saw ${channels.join(', ') || 'none'}`);
  }
  const at = stamps.map(([, time]) => time);
  const n = EVENTS.length;
  const phases: Record<string, number> = { 'before the first request': at[0] - start };
  for (let r = 0; r < requests; r++) {
    // The second event (headers queued) only checks the order: the write ends at bodySent.
    const [created, , written, headers, ended] = at.slice(n * r, n * r + n);
    const which = requests > 1 ? ` ${r + 1}` : '';
    if (r > 0) phases[`between requests ${r} and ${r + 1}`] = created - at[n * r - 1];
    phases[`request${which}: queued and written`] = written - created;
    phases[`request${which}: wait for headers`] = headers - written;
    phases[`request${which}: rest of the answer`] = ended - headers;
  }
  phases['after the last request'] = end - at[at.length - 1];
  phases.total = end - start;
  return phases;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export async function main(): Promise<void> {
  const options = benchOptions(USAGE, OPTIONS);
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 12 : 40);
  const calls = options.calls ?? 50;
  const scenario = (options.scenario ?? 'listTags') as 'listTags' | 'archive_user';
  const requests = scenario === 'archive_user' ? 2 : 1;
  pinSelf(CLIENT_CORE);
  const server = await startServer();
  // The current call's timestamps (one process, one call at a time: every event is the current call's).
  let stamps: Stamp[] | undefined;
  for (const name of EVENTS) subscribe(name, () => stamps?.push([name, performance.now()]));
  try {
    const all = clients(server.baseUrl, SCENARIOS[scenario]);
    const names = Object.keys(all);
    const phases: Record<string, Record<string, number[]>> = Object.fromEntries(names.map((name) => [name, {}]));
    for (let round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (const name of roundOrder(names, round)) {
        for (let i = 0; i < calls; i++) {
          stamps = [];
          const start = performance.now();
          await all[name]();
          const end = performance.now();
          const taken = stamps;
          stamps = undefined;
          if (round < WARM_UP_ROUNDS) continue;
          for (const [phase, ms] of Object.entries(phasesOf(start, end, taken, requests))) (phases[name][phase] ??= []).push(ms * 1000);
        }
      }
    }
    const raw = phases['raw fetch'];
    console.log(`phases: ${machineLine()}`);
    // Medians resist the few long stalls; means add up to the total (and show what the stalls cost).
    for (const [kind, of] of [['median', median], ['mean', mean]] as const) {
      console.log(
        `\n${scenario}: µs per call by phase (undici's diagnostics channels), ${kind} over ${rounds} rounds × ${calls} calls per client; ` +
          `in brackets: over raw fetch ("raw fetch again": what noise alone gives)${kind === 'median' ? '; medians do not add up to the total' : ''}`,
      );
      console.log(`| phase | ${names.join(' | ')} |`);
      console.log(`|---|${names.map(() => '---|').join('')}`);
      for (const phase of Object.keys(raw)) {
        const cells = names.map((name) => {
          const value = of(phases[name][phase]);
          return name === 'raw fetch' ? value.toFixed(1) : `${value.toFixed(1)} (${(value - of(raw[phase])).toFixed(1)})`;
        });
        console.log(`| ${phase} | ${cells.join(' | ')} |`);
      }
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
