/**
 * The benchmarks' Intercom stand-in: a loopback keep-alive HTTP server meant to run in a process
 * of its own (bench/processes.ts starts it pinned to its own core), so that what the client
 * process measures is the client's work only. It prints `{"port":N}` on its first stdout line.
 *
 *   node dist/bench/server.js [--rows 100000] [--page-size 150]
 *
 * Routes (the answers are fixed, so every client gets the same bytes):
 * - GET  /admins/{id}            an admin
 * - GET  /tags                   a list of tags
 * - POST /tags                   the tag named in the body
 * - POST /contacts/search        per_page ≤ 2 (a v1 lookup): one contact matching the email;
 *                                otherwise the contacts of a `--rows` long list, `per_page` at a
 *                                time, after `pagination.starting_after` (cursor pages)
 * - POST /contacts/{id}/archive  the archived contact
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchOptions } from './processes.js';

const OPTIONS = benchOptions('node dist/bench/server.js [--rows 100000] [--page-size 150]', { rows: { type: 'number' }, 'page-size': { type: 'number' } });
const ROWS = OPTIONS.rows ?? 100_000;
const MAX_PAGE_SIZE = OPTIONS['page-size'] ?? 150;

const ADMIN = JSON.stringify({
  type: 'admin',
  id: '991267921',
  name: 'Ciaran Lee',
  email: 'admin@email.com',
  job_title: 'Philosopher',
  away_mode_enabled: false,
  away_mode_reassign: false,
  has_inbox_seat: true,
  team_ids: [814865],
  avatar: { image_url: 'https://static.intercomassets.com/avatars/991267921/square_128/bio.png' },
});
const TAGS = JSON.stringify({
  type: 'list',
  data: [
    { type: 'tag', id: '17513', name: 'VIP', applied_at: 1663597223, applied_by: { type: 'admin', id: '991267921' } },
    { type: 'tag', id: '17514', name: 'Beta', applied_at: 1663597224, applied_by: { type: 'admin', id: '991267921' } },
  ],
});

/** One contact row as SearchContacts answers it (about 600 bytes of JSON). */
function contact(index: number, email?: string): Record<string, unknown> {
  return {
    type: 'contact',
    id: `6657a${String(index).padStart(8, '0')}`,
    workspace_id: 'ecahpwf5',
    external_id: `user-${index}`,
    role: 'user',
    email: email ?? `user${index}@example.com`,
    phone: null,
    name: `User ${index}`,
    avatar: null,
    owner_id: null,
    social_profiles: { type: 'list', data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    created_at: 1700000000 + index,
    updated_at: 1700000000 + index,
    signed_up_at: 1700000000 + index,
    last_seen_at: 1700000000 + index,
    browser: 'chrome',
    os: 'Linux',
    custom_attributes: { plan: 'pro', seats: index % 50 },
    tags: { type: 'list', data: [], url: `/contacts/${index}/tags`, total_count: 0, has_more: false },
    location: { type: 'location', country: 'Ireland', region: 'Dublin', city: 'Dublin' },
  };
}

function searchPage(request: { query?: any; pagination?: { per_page?: number; starting_after?: string } }): string {
  const perPage = Math.min(Math.max(1, Number(request.pagination?.per_page ?? 50)), MAX_PAGE_SIZE);
  if (perPage <= 2) {
    // A v1 lookup (`role = user AND email = …`): exactly one match.
    const filters: any[] = Array.isArray(request.query?.value) ? request.query.value : [request.query];
    const email = filters.find((filter) => filter?.field === 'email')?.value;
    return JSON.stringify({ type: 'list', data: [contact(1, email)], total_count: 1, pages: { type: 'pages', page: 1, per_page: perPage, total_pages: 1 } });
  }
  const start = request.pagination?.starting_after ? Number(Buffer.from(request.pagination.starting_after, 'base64url').toString()) : 0;
  const end = Math.min(ROWS, start + perPage);
  const data = [];
  for (let i = start; i < end; i++) data.push(contact(i));
  const pages: Record<string, unknown> = { type: 'pages', page: Math.floor(start / perPage) + 1, per_page: perPage, total_pages: Math.ceil(ROWS / perPage) };
  if (end < ROWS) pages.next = { per_page: perPage, starting_after: Buffer.from(String(end)).toString('base64url') };
  return JSON.stringify({ type: 'list', data, total_count: ROWS, pages });
}

function answer(response: ServerResponse, body: string): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path.startsWith('/admins/')) return answer(response, ADMIN);
  if (request.method === 'GET' && path === '/tags') return answer(response, TAGS);
  if (request.method === 'POST' && path === '/tags') {
    const { name } = JSON.parse(body || '{}');
    return answer(response, JSON.stringify({ type: 'tag', id: '17513', name }));
  }
  if (request.method === 'POST' && path === '/contacts/search') return answer(response, searchPage(JSON.parse(body || '{}')));
  const archive = /^\/contacts\/([^/]+)\/archive$/.exec(path);
  if (request.method === 'POST' && archive) {
    return answer(response, JSON.stringify({ id: decodeURIComponent(archive[1]), external_id: 'user-1', type: 'contact', archived: true }));
  }
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ type: 'error.list', errors: [{ code: 'not_found', message: `${request.method} ${path}` }] }));
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => handle(request, response, chunks.length ? Buffer.concat(chunks).toString() : ''));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
// The parent ends the server by closing its stdin (or by a signal).
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
