/**
 * Preloaded (`node --import`) by bench/stages.js's global-fetch stage: replaces `globalThis.fetch`
 * before the package is loaded, so the transport takes it for the native fetch, with answers made
 * once (status, headers and text() as the native path reads them; no Response, no stream): what
 * that stage times is the package's own work per call. Loaded by nothing else.
 */
const BASE_URL = 'http://127.0.0.1:9';

/** Answers as the global fetch's path reads them (status, headers, text()), made once: only the package's work is timed. */
function readyAnswer(text: string): () => Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  const answer = { status: 200, headers, body: null, text: async () => text, json: async () => JSON.parse(text) } as unknown as Response;
  return async () => answer;
}

const READY = {
  admin: readyAnswer(JSON.stringify({ type: 'admin', id: '991267921', name: 'Ciaran Lee', email: 'admin@email.com', away_mode_enabled: false, team_ids: [814865] })),
  tags: readyAnswer(JSON.stringify({ type: 'list', data: [{ type: 'tag', id: '17513', name: 'VIP', applied_at: 1663597223 }] })),
  tag: readyAnswer(JSON.stringify({ type: 'tag', id: '17513', name: 'VIP' })),
  found: readyAnswer(JSON.stringify({ type: 'list', data: [{ type: 'contact', id: '6657a00000001', role: 'user', email: 'jane.doe@example.com' }], total_count: 1 })),
  archived: readyAnswer(JSON.stringify({ id: '6657a00000001', type: 'contact', archived: true })),
};

function readyFetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const path = String(url).slice(BASE_URL.length).split('?')[0];
  if (path.startsWith('/admins/')) return READY.admin();
  if (path === '/tags') return init?.method === 'POST' ? READY.tag() : READY.tags();
  if (path === '/contacts/search') return READY.found();
  if (path.endsWith('/archive')) return READY.archived();
  return Promise.reject(new TypeError(`no ready answer for ${path}`));
}

readyFetch.ready = true;
globalThis.fetch = readyFetch as typeof fetch;
