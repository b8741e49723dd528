/**
 * One benchmark worker, a process of its own: `inFlight` loops calling listTags on one workspace
 * as fast as answers come, from `startAt` until `until` (epoch ms, told by the parent), then it
 * reports how many calls succeeded, which failed (by code) and how many rate-limit warnings it got.
 *
 *   forked by bench/rate-limit.ts with one JSON argument: { baseUrl, token, inFlight, rateLimit }
 */
import { createRunner, type RateLimitSetting } from '../../entry/index.js';

interface WorkerArgs {
  baseUrl: string;
  token: string;
  inFlight: number;
  rateLimit: RateLimitSetting;
}

const args = JSON.parse(process.argv[2]) as WorkerArgs;
const warnings: string[] = [];
/** Budget waits and answer times of the measured calls (ms). */
const waits: number[] = [];
const durations: number[] = [];
let measuring = false;
const runner = createRunner({
  baseUrl: args.baseUrl,
  token: args.token,
  rateLimit: args.rateLimit,
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
    Array.from({ length: args.inFlight }, async () => {
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
