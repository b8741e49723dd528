/**
 * Where run()'s cost goes on the real transport: the client's CPU time per call (user + system,
 * `process.cpuUsage`) for one scenario over loopback keep-alive against bench/server.js (its own
 * process and core): GET listTags (the default), the two-filter SearchContacts POST, or the v1
 * archive_user against its two raw fetches. For raw fetch and for what run() adds to it step by step:
 *
 *   raw fetch                     fetch + response.json(), no signal
 *   raw fetch again               the same, as a client of its own: what noise alone gives
 *   raw fetch + deadline signal   + the shared deadline's signal and `redirect: 'manual'`, as the transport passes them
 *   run(), no budget, no timeout  run() with `rateLimit: false, timeoutMs: 0`
 *   run(), no budget              run() with `rateLimit: false` (the default 30 s timeout)
 *   run()                         a default runner (30 s timeout, memory rate budget)
 *   its API operations through run()  archive_user only: SearchContacts then ArchiveContact by name,
 *                                 without the v1 binding around them
 *
 * A second table splits run()'s cost over raw into its parts, each paired per round: its own code
 * (no budget, no timeout − raw), the timeout (no budget − no budget, no timeout) and the rate
 * budget (run() − no budget).
 *
 *   npm run build && node dist/bench/client-cpu.js [--quick] [--rounds 400] [--calls 50] [--scenario listTags|SearchContacts|archive_user]
 *
 * Short batches in many rounds, the clients' order shuffled per round (processes.ts roundOrder); differences are paired per
 * round and given as median (25th–75th percentile): on a shared VM one batch can take three times
 * another, and the quartiles show how far the median can be trusted. CPU time, unlike calls per
 * second, leaves out the server's share and the time the VM gave to others, so it measures what
 * each step costs the client process (bench/stages.js times the same steps in a tight loop, where
 * they cost several times less than between real requests).
 */
import { pathToFileURL } from 'node:url';
import { createRunner } from '../entry/index.js';
import { joinDeadline, leaveDeadline } from '../runtime/deadlines.js';
import { benchOptions, CLIENT_CORE, formatQuartiles, machineLine, pinSelf, quartiles, roundOrder, startServer } from './processes.js';
import { SCENARIOS, TOKEN, type Scenario, type ScenarioName } from './scenarios.js';

/** run()'s default timeout (runtime/options.ts), for the deadline the raw client joins. */
const TIMEOUT_MS = 30_000;
/** Calls per client before measuring (connections open, code optimised); --quick makes fewer. */
const WARM_UP_CALLS = 1_000;
const QUICK_WARM_UP_CALLS = 200;

type Call = () => Promise<unknown>;

const USAGE = `node dist/bench/client-cpu.js [--quick] [--rounds 400] [--calls 50] [--scenario ${Object.keys(SCENARIOS).join('|')}]`;
const OPTIONS = {
  quick: { type: 'boolean' },
  rounds: { type: 'number' },
  calls: { type: 'number' },
  scenario: { type: 'string', choices: Object.keys(SCENARIOS) },
} as const;

function clients(baseUrl: string, scenario: Scenario): Record<string, Call> {
  const raw: Call = () => scenario.raw(baseUrl, {});
  const bare = createRunner({ token: TOKEN, baseUrl, rateLimit: false, timeoutMs: 0 });
  const timed = createRunner({ token: TOKEN, baseUrl, rateLimit: false });
  const runner = createRunner({ token: TOKEN, baseUrl });
  // A runner of its own (a default one, like run()'s), so the two clients share no state but the process's.
  const stepsRunner = createRunner({ token: TOKEN, baseUrl });
  return {
    'raw fetch': raw,
    'raw fetch again': raw,
    'raw fetch + deadline signal': async () => {
      const deadline = joinDeadline(TIMEOUT_MS);
      try {
        return await scenario.raw(baseUrl, { signal: deadline.signal, redirect: 'manual' });
      } finally {
        leaveDeadline(deadline);
      }
    },
    'run(), no budget, no timeout': () => scenario.run(bare),
    'run(), no budget': () => scenario.run(timed),
    'run()': () => scenario.run(runner),
    ...(scenario.apiSteps && { 'its API operations through run()': () => scenario.apiSteps!(stepsRunner) }),
  };
}

/** CPU µs per call of `calls` calls one after the other. */
async function cpuPerCall(call: Call, calls: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

export async function main(): Promise<void> {
  const options = benchOptions(USAGE, OPTIONS);
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 15 : 400);
  const calls = options.calls ?? 50;
  const scenarioName = options.scenario ?? 'listTags';
  pinSelf(CLIENT_CORE);
  const server = await startServer();
  try {
    const all = clients(server.baseUrl, SCENARIOS[scenarioName as ScenarioName]);
    const names = Object.keys(all);
    const warmUp = quick ? QUICK_WARM_UP_CALLS : WARM_UP_CALLS;
    for (const name of names) for (let i = 0; i < warmUp; i++) await all[name]();
    const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const name of roundOrder(names, round)) cpu[name].push(await cpuPerCall(all[name], calls));
    }
    const raw = cpu['raw fetch'];
    console.log(`client-cpu: ${machineLine()}`);
    console.log(`\n${scenarioName}, client CPU µs per call: ${rounds} rounds × ${calls} calls per client; median (25th–75th percentile)`);
    console.log('| client | CPU µs per call | over raw, paired per round | raw / client |');
    console.log('|---|---|---|---|');
    for (const name of names) {
      const over = quartiles(cpu[name].map((value, i) => value - raw[i]));
      const ratio = quartiles(cpu[name].map((value, i) => raw[i] / value));
      console.log(`| ${name} | ${formatQuartiles(quartiles(cpu[name]), 1)} | ${formatQuartiles(over, 1)} | ${formatQuartiles(ratio, 3)} |`);
    }
    const between = (client: string, base: string) => formatQuartiles(quartiles(cpu[client].map((value, i) => value - cpu[base][i])), 1);
    console.log(`\nrun()'s CPU over raw by part, µs per call, paired per round: median (25th–75th percentile)`);
    console.log('| its own code | the timeout (deadline signal) | the rate budget |');
    console.log('|---|---|---|');
    console.log(
      `| ${between('run(), no budget, no timeout', 'raw fetch')} | ${between('run(), no budget', 'run(), no budget, no timeout')} | ${between('run()', 'run(), no budget')} |`,
    );
    if (cpu['its API operations through run()']) {
      console.log(`\nthe v1 binding around its API operations (run() − its API operations through run()): ${between('run()', 'its API operations through run()')} µs per ${scenarioName} call`);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
