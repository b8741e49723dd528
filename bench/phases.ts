/**
 * Where a call's wall time goes, request by request: the timestamps undici publishes on its
 * diagnostics channels (request created, headers written, answer's headers read, body ended),
 * for raw fetch and run() in one warm process, against bench/server.js in its own process and
 * core. It tells the client's own time (before a request is created, between one request's end and
 * the next one's creation, after the last one) from the time spent on the wire and in the server,
 * which bench/dispatch.js's calls per second cannot:
 *
 *   raw fetch                     fetch + response.json(), as dispatch.js's raw client
 *   run(), no budget, no timeout  `rateLimit: false, timeoutMs: 0`
 *   run()                         a default runner (30 s timeout, memory rate budget)
 *
 *   npm run build && node dist/bench/phases.js [--quick] [--rounds 40] [--calls 50] [--scenario listTags|archive_user]
 *
 * Clients alternate in an order shuffled per round (processes.ts roundOrder); figures are the
 * median over every call of the measured rounds (the first rounds warm up and are left out).
 */
import { subscribe } from 'node:diagnostics_channel';
import { pathToFileURL } from 'node:url';
import { createRunner } from '../entry/index.js';
import { benchOptions, CLIENT_CORE, machineLine, median, pinSelf, roundOrder, startServer, userSearch, wireHeaders } from './processes.js';

const TOKEN = 'bench-token-0123456789';
const EMAIL = 'jane.doe@example.com';
const HEADERS = wireHeaders(TOKEN);
const JSON_HEADERS = wireHeaders(TOKEN, true);
/** Rounds left out of the figures: connections open and every client's code optimised first. */
const WARM_UP_ROUNDS = 5;
/** What undici publishes per request, in order (undici 6 and 7). */
const EVENTS = ['undici:request:create', 'undici:client:sendHeaders', 'undici:request:headers', 'undici:request:trailers'] as const;

const USAGE = 'node dist/bench/phases.js [--quick] [--rounds 40] [--calls 50] [--scenario listTags|archive_user]';
const OPTIONS = {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  calls: { type: 'number' },
  scenario: { type: 'string', choices: ['listTags', 'archive_user'] },
} as const;

type Call = () => Promise<unknown>;

function clients(baseUrl: string, scenario: 'listTags' | 'archive_user'): Record<string, Call> {
  const bare = createRunner({ token: TOKEN, baseUrl, rateLimit: false, timeoutMs: 0 });
  const runner = createRunner({ token: TOKEN, baseUrl });
  if (scenario === 'listTags') {
    return {
      'raw fetch': async () => (await fetch(`${baseUrl}/tags`, { headers: HEADERS })).json(),
      'run(), no budget, no timeout': () => bare.run('listTags'),
      'run()': () => runner.run('listTags'),
    };
  }
  return {
    'raw fetch': async () => {
      const search = await fetch(`${baseUrl}/contacts/search`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(userSearch(EMAIL)) });
      const found = (await search.json()) as { data: { id: string }[] };
      return (await fetch(`${baseUrl}/contacts/${found.data[0].id}/archive`, { method: 'POST', headers: HEADERS })).json();
    },
    'run(), no budget, no timeout': () => bare.run('archive_user', { email: EMAIL }),
    'run()': () => runner.run('archive_user', { email: EMAIL }),
  };
}

/**
 * One call's phases (ms) from its start, its end and its requests' four timestamps each: before
 * the first request, then per request its write, the wait for the answer's headers and the body,
 * between requests, and after the last one.
 */
export function phasesOf(start: number, end: number, stamps: readonly number[], requests: number): Record<string, number> {
  if (stamps.length !== 4 * requests) throw new Error(`expected ${4 * requests} undici events for ${requests} request(s), saw ${stamps.length}`);
  const phases: Record<string, number> = { 'before the first request': stamps[0] - start };
  for (let r = 0; r < requests; r++) {
    const [created, sent, headers, ended] = stamps.slice(4 * r, 4 * r + 4);
    const which = requests > 1 ? ` ${r + 1}` : '';
    if (r > 0) phases[`between requests ${r} and ${r + 1}`] = created - stamps[4 * r - 1];
    phases[`request${which}: written`] = sent - created;
    phases[`request${which}: wait for headers`] = headers - sent;
    phases[`request${which}: body`] = ended - headers;
  }
  phases['after the last request'] = end - stamps[stamps.length - 1];
  phases.total = end - start;
  return phases;
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
  let stamps: number[] | undefined;
  for (const name of EVENTS) subscribe(name, () => stamps?.push(performance.now()));
  try {
    const all = clients(server.baseUrl, scenario);
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
    console.log(`\n${scenario}: µs per call by phase (undici's diagnostics channels), median over ${rounds} rounds × ${calls} calls per client; in brackets: over raw fetch`);
    console.log(`| phase | ${names.join(' | ')} |`);
    console.log(`|---|${names.map(() => '---|').join('')}`);
    for (const phase of Object.keys(raw)) {
      const cells = names.map((name) => {
        const value = median(phases[name][phase]);
        return name === 'raw fetch' ? value.toFixed(1) : `${value.toFixed(1)} (${(value - median(raw[phase])).toFixed(1)})`;
      });
      console.log(`| ${phase} | ${cells.join(' | ')} |`);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
