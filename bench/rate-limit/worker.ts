/**
 * One benchmark worker, a process of its own: `--in-flight` loops calling listTags on one workspace
 * as fast as answers come, from `startAt` until `until` (epoch ms, told by the parent), then it
 * reports how many calls succeeded, which failed (by code) and how many rate-limit warnings it got.
 *
 *   forked by bench/rate-limit.ts with --base-url <url> --token <token> --in-flight <n> --rate-limit <JSON of a rateLimit setting>
 */
import { createRunner, type RateLimitSetting } from '../../entry/index.js';
import { benchOptions } from '../processes.js';

const USAGE = 'node dist/bench/rate-limit/worker.js --base-url <url> --token <token> --in-flight <n> --rate-limit <JSON>';
const { 'base-url': baseUrl, token, 'in-flight': inFlight, 'rate-limit': rateLimit } = benchOptions(USAGE, {
  'base-url': { type: 'string' },
  token: { type: 'string' },
  'in-flight': { type: 'number' },
  'rate-limit': { type: 'string' },
});
if (baseUrl === undefined || token === undefined || inFlight === undefined || rateLimit === undefined) {
  throw new Error('bench/rate-limit/worker.js is forked with --base-url, --token, --in-flight and --rate-limit');
}
const warnings: string[] = [];
/** Budget waits and answer times of the measured calls (ms). */
const waits: number[] = [];
const durations: number[] = [];
let measuring = false;
const runner = createRunner({
  baseUrl,
  token,
  rateLimit: JSON.parse(rateLimit) as RateLimitSetting,
  onWarning: (w) => warnings.push(w.message),
  onEvent: (e) => {
    if (!measuring) return;
    if (e.type === 'rate-wait') waits.push(e.waitMs);
    if (e.type === 'response') durations.push(e.durationMs);
  },
});

process.once('message', async (message: { startAt: number; until: number }) => {
  warnings.length = 0;
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, message.startAt - Date.now())));
  let ok = 0;
  const failed: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < message.until) {
        try {
          await runner.run('listTags');
          ok++;
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'unknown';
          failed[code] = (failed[code] ?? 0) + 1;
        }
      }
    }),
  );
  measuring = false;
  await runner.close();
  process.send!({ ok, failed, warnings, waits, durations }, () => process.exit(0));
});
// Warmed up (modules loaded, connections open, budget learned) before the measured windows.
await runner.run('listTags');
process.send!({ type: 'ready' });
