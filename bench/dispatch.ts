/**
 * Per-call cost of the dispatcher: `run()` against the generated openapi-fetch client and a raw
 * `fetch`, side by side on one loopback keep-alive server (what is measured is the client side:
 * validation, request building, transport policy, parsing).
 *
 *   npm run build && node dist/bench/dispatch.js [--rounds 7] [--calls 2000]
 *
 * Each round runs every scenario once (`calls` sequential calls each), in turn, so that drift
 * weighs on all alike; the figure is the median over rounds of calls per second, and the ratio to
 * raw fetch.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createIntercomClient, createTag, listTags } from '../generated/client.js';
import { createRunner } from '../entry/index.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const ROUNDS = option('rounds', 7);
const CALLS = option('calls', 2000);
const TOKEN = 'bench-token';
const TAGS = JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '17513', name: 'VIP' }] });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function main(): Promise<void> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(request.method === 'POST' ? JSON.stringify({ type: 'tag', id: '1', ...JSON.parse(body || '{}') }) : TAGS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', 'Intercom-Version': '2.10' };
  const client = createIntercomClient({ token: TOKEN, baseUrl });
  const runner = createRunner({ token: TOKEN, baseUrl });
  // The default memory rate budget's own cost: the same calls with no budget.
  const unmetered = createRunner({ token: TOKEN, baseUrl, rateLimit: false });
  const body = { name: 'VIP' };

  const scenarios: Record<string, () => Promise<unknown>> = {
    'GET  raw fetch': async () => (await fetch(`${baseUrl}/tags`, { headers })).json(),
    'GET  openapi-fetch': async () => (await listTags(client)).data,
    'GET  run()': () => runner.run('listTags', {}),
    'GET  run() no budget': () => unmetered.run('listTags', {}),
    'POST raw fetch': async () =>
      (await fetch(`${baseUrl}/tags`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json(),
    'POST openapi-fetch': async () => (await createTag(client, { body })).data,
    'POST run()': () => runner.run('createTag', { $body: body }),
  };

  for (const call of Object.values(scenarios)) for (let i = 0; i < 200; i++) await call(); // warm-up
  const rates = new Map<string, number[]>(Object.keys(scenarios).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(scenarios)) {
      const started = performance.now();
      for (let i = 0; i < CALLS; i++) await call();
      rates.get(name)!.push(CALLS / ((performance.now() - started) / 1000));
    }
  }
  server.close();

  console.log(`dispatch: ${ROUNDS} rounds × ${CALLS} sequential calls per scenario, loopback keep-alive; medians`);
  console.log("scenario                calls/s   µs/call   vs raw fetch");
  for (const [name, values] of rates) {
    const rate = median(values);
    const raw = median(rates.get(name.startsWith('GET') ? 'GET  raw fetch' : 'POST raw fetch')!);
    console.log(`${name.padEnd(22)} ${rate.toFixed(0).padStart(8)}  ${(1e6 / rate).toFixed(0).padStart(8)}   ${(rate / raw).toFixed(2).padStart(6)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
