/**
 * A thin recording proxy in front of Prism, used as `baseUrl` of `run()`.
 *
 * Every request is forwarded to Prism (so Prism validates it against the spec) and recorded with
 * Prism's findings. Two hooks let a test drive what Prism's static examples cannot:
 * - `local`: answer a request without forwarding it (endpoints the spec lacks: the v1 legacy
 *   visitor routes; recorded as not validated);
 * - `override`: replace Prism's answer after Prism validated the request (lookups: the spec's
 *   example answer of SearchContacts is an empty list, so a lookup would always be NOT_FOUND).
 *
 * Requests are attributed to a case by a path prefix: `baseUrlFor('archive_user#1')` gives
 * `http://127.0.0.1:<port>/c/archive_user%231`, which `run()` accepts as a base URL with a path
 * prefix; the proxy strips it. That keeps concurrent cases apart without any test-only option.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFindings, type Findings } from './prism.js';

export interface ProxiedRequest {
  caseId: string;
  method: string;
  /** Path without the case prefix, e.g. "/contacts/search". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Parsed JSON body (or the raw text when not JSON; undefined when empty). */
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

export interface Exchange {
  caseId: string;
  method: string;
  path: string;
  /** Path + query as sent upstream. */
  target: string;
  body: unknown;
  /** Status the client saw. */
  status: number;
  /** Status Prism answered (undefined when answered locally). */
  prismStatus?: number;
  answeredBy: 'prism' | 'proxy-local' | 'proxy-override';
  findings: Findings;
}

export interface ProxyOptions {
  prismUrl: string;
  local?: (request: ProxiedRequest) => Answer | undefined;
  override?: (request: ProxiedRequest, prism: { status: number; body: unknown; findings: Findings }) => Answer | undefined;
}

export interface ContractProxy {
  url: string;
  baseUrlFor(caseId: string): string;
  exchanges: Exchange[];
  /** Exchanges of one case, in arrival order. */
  of(caseId: string): Exchange[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'accept-encoding']);

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  if (body === undefined || body === null) {
    response.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' && !contentType.includes('json') ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) }).end(text);
}

export async function startContractProxy(options: ProxyOptions): Promise<ContractProxy> {
  const exchanges: Exchange[] = [];
  const server = createServer(async (request, response) => {
    try {
      const raw = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://proxy.invalid');
      let caseId = '';
      let path = url.pathname;
      const prefixed = /^\/c\/([^/]+)(\/.*)?$/.exec(path);
      if (prefixed) {
        caseId = decodeURIComponent(prefixed[1]);
        path = prefixed[2] ?? '/';
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const text = raw.toString('utf8');
      const proxied: ProxiedRequest = { caseId, method: request.method ?? 'GET', path, query: url.searchParams, headers, body: parse(text) };
      const target = path + url.search;
      const base = { caseId, method: proxied.method, path, target, body: proxied.body };

      const local = options.local?.(proxied);
      if (local) {
        exchanges.push({ ...base, status: local.status, answeredBy: 'proxy-local', findings: { request: [], response: [], truncated: false } });
        send(response, local.status, local.body);
        return;
      }

      const upstream = await fetch(options.prismUrl + target, {
        method: proxied.method,
        headers,
        body: raw.length > 0 ? new Uint8Array(raw) : undefined,
      });
      const upstreamText = await upstream.text();
      const findings = readFindings(upstream.status, upstream.headers, upstreamText);
      const contentType = upstream.headers.get('content-type') ?? 'application/json';
      const replaced = options.override?.(proxied, { status: upstream.status, body: parse(upstreamText), findings });
      if (replaced) {
        exchanges.push({ ...base, status: replaced.status, prismStatus: upstream.status, answeredBy: 'proxy-override', findings });
        send(response, replaced.status, replaced.body);
        return;
      }
      exchanges.push({ ...base, status: upstream.status, prismStatus: upstream.status, answeredBy: 'prism', findings });
      const violations = upstream.headers.get('sl-violations');
      response.writeHead(upstream.status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(upstreamText),
        ...(violations ? { 'sl-violations': violations } : {}),
      });
      response.end(upstreamText);
    } catch (error) {
      // Surfaces in run() as an API error; the exchange list shows it too.
      exchanges.push({
        caseId: '',
        method: request.method ?? '?',
        path: request.url ?? '?',
        target: request.url ?? '?',
        body: undefined,
        status: 599,
        answeredBy: 'proxy-local',
        findings: { request: [{ location: ['proxy'], severity: 'Error', code: 'proxy-error', message: String(error) }], response: [], truncated: false },
      });
      if (!response.headersSent) send(response, 502, { type: 'error.list', errors: [{ code: 'proxy_error', message: String(error) }] });
      else response.end();
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrlFor: (caseId) => `${url}/c/${encodeURIComponent(caseId)}`,
    exchanges,
    of: (caseId) => exchanges.filter((e) => e.caseId === caseId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
