/**
 * The benchmark's Intercom stand-in, a process of its own: GET /tags on a loopback keep-alive
 * server that counts every request against a fixed-window limit the way Intercom does (429 with
 * X-RateLimit-Limit/-Remaining/-Reset, no Retry-After), and tells its parent (IPC) how many calls
 * it served and refused in each window.
 *
 *   forked by bench/rate-limit.ts with --limit <calls> --window-ms <ms>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchOptions } from '../processes.js';
import { FixedWindowLimiter, RATE_LIMITED_BODY } from './fixed-window.js';

const { limit, 'window-ms': windowMs } = benchOptions('node dist/bench/rate-limit/server.js --limit <calls> --window-ms <ms>', {
  limit: { type: 'number' },
  'window-ms': { type: 'number' },
});
if (limit === undefined || windowMs === undefined) throw new Error('bench/rate-limit/server.js is forked with --limit and --window-ms');
const limiter = new FixedWindowLimiter(limit, windowMs);
/** window index → [served, refused] */
let windows = new Map<number, [number, number]>();
const TAGS = JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '17513', name: 'VIP' }] });
const REFUSED = JSON.stringify(RATE_LIMITED_BODY);

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const answer = limiter.take();
    const counts = windows.get(answer.window) ?? [0, 0];
    counts[answer.allowed ? 0 : 1]++;
    windows.set(answer.window, counts);
    response.writeHead(answer.allowed ? 200 : 429, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.allowed ? TAGS : REFUSED);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!({ type: 'ready', port: (server.address() as AddressInfo).port }));

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', windows: [...windows] });
  if (message.type === 'reset') windows = new Map();
  if (message.type === 'stop') server.close(() => process.exit(0));
});
