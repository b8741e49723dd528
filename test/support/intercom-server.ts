/**
 * A stand-in for api.intercom.io over real HTTP: a `node:http` server on 127.0.0.1 (port 0) that
 * records every request exactly as it arrived (method, raw path, raw query, headers, body) and
 * answers from route handlers. Shared by the runtime, v1-binding, CLI and contract tests.
 *
 *   const server = await startIntercomServer();
 *   server.on('GET', '/admins/{id}', ({ params }) => ({ body: { type: 'admin', id: params.id } }));
 *   server.on('POST', '/tags', [{ status: 429, headers: { 'retry-after': '0' } }, { body: { id: '1' } }]);
 *   await run('retrieveAdmin', { id: 1 }, { token, baseUrl: server.url });
 *   expect(server.requests).toHaveLength(1);
 *   await server.close();
 *
 * Routes match the raw (still percent-encoded) path, segment by segment, so a test sees exactly
 * what went on the wire; `{name}` captures one segment (decoded into `params`). Later routes win,
 * so a test can override a default. Unmatched requests get Intercom's 404 `error.list`.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Raw path as sent, percent-encoding kept (`/contacts/a%2Fb`). */
  path: string;
  /** Raw query string without `?` ('' when none). */
  rawQuery: string;
  /** Parsed query (repeated keys kept: use getAll). */
  query: URLSearchParams;
  /** Lower-cased header names, as node reports them. */
  headers: IncomingHttpHeaders;
  /** Raw body text ('' when none). */
  body: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  /** Milliseconds since the server started (ordering and pacing checks). */
  at: number;
}

export interface Reply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. Omit (with status 202/204) for an empty body. */
  body?: unknown;
  /** Sent as is instead of `body` (non-JSON answers: text, or bytes such as a gzipped export). */
  raw?: string | Uint8Array;
  /** Wait before answering (timeouts). */
  delayMs?: number;
  /** Never answer (the client's timeout or abort must end it). */
  hang?: boolean;
  /** Destroy the connection without answering (a connection reset). */
  reset?: boolean;
}

export interface RouteMatch {
  request: RecordedRequest;
  /** `{name}` segments of the route, percent-decoded. */
  params: Record<string, string>;
  /** How many requests this route had answered before this one (0 for the first). */
  count: number;
}

export type Handler = (match: RouteMatch) => Reply | Promise<Reply>;

/** A handler, a fixed reply, or replies in turn (the last one repeats). */
export type RouteAnswer = Handler | Reply | Reply[];

interface Route {
  method: string;
  segments: string[];
  answer: RouteAnswer;
  count: number;
}

export interface IntercomServer {
  /** Base URL to pass as `baseUrl`, e.g. `http://127.0.0.1:53121`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Adds a route (`*` matches any method); later routes take precedence. Returns the server. */
  on(method: string, pathTemplate: string, answer: RouteAnswer): IntercomServer;
  /** Requests that matched a method and path template. */
  requestsTo(method: string, pathTemplate: string): RecordedRequest[];
  /** Forgets recorded requests (and, with `routes: true`, the routes). */
  reset(options?: { routes?: boolean }): void;
  close(): Promise<void>;
}

/** Intercom's error answer: `{ type: 'error.list', request_id, errors: [{ code, message }] }`. */
export function errorList(status: number, code: string, message: string, extra: { requestId?: string; field?: string } = {}): Reply {
  const requestId = extra.requestId ?? `req-${status}-${code}`;
  return {
    status,
    headers: { 'x-request-id': requestId },
    body: {
      type: 'error.list',
      request_id: requestId,
      errors: [{ code, message, ...(extra.field ? { field: extra.field } : {}) }],
    },
  };
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

function matchSegments(route: string[], actual: string[]): Record<string, string> | null {
  if (route.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < route.length; i++) {
    const pattern = route[i];
    const capture = /^\{(.+)\}$/.exec(pattern);
    if (capture) {
      if (actual[i] === '') return null;
      try {
        params[capture[1]] = decodeURIComponent(actual[i]);
      } catch {
        params[capture[1]] = actual[i];
      }
    } else if (pattern !== actual[i]) {
      return null;
    }
  }
  return params;
}

function pickReply(route: Route, match: RouteMatch): Reply | Promise<Reply> {
  const answer = route.answer;
  if (typeof answer === 'function') return answer(match);
  if (Array.isArray(answer)) return answer[Math.min(match.count, answer.length - 1)] ?? {};
  return answer;
}

export async function startIntercomServer(): Promise<IntercomServer> {
  const started = Date.now();
  const requests: RecordedRequest[] = [];
  let routes: Route[] = [];
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
      const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        body,
        json,
        at: Date.now() - started,
      };
      requests.push(request);

      let reply: Reply = errorList(404, 'not_found', `No route for ${request.method} ${path} in the test server`);
      for (let i = routes.length - 1; i >= 0; i--) {
        const route = routes[i];
        if (route.method !== '*' && route.method !== request.method) continue;
        const params = matchSegments(route.segments, splitPath(path));
        if (!params) continue;
        try {
          reply = await pickReply(route, { request, params, count: route.count++ });
        } catch (error) {
          reply = errorList(500, 'test_handler_failed', (error as Error).message);
        }
        break;
      }

      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      if (reply.hang) return;
      const answer = () => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        const headers: Record<string, string> = { ...reply.headers };
        let text: string | Uint8Array = '';
        if (reply.raw !== undefined) text = reply.raw;
        else if (reply.body !== undefined) {
          text = JSON.stringify(reply.body);
          headers['content-type'] ??= 'application/json; charset=utf-8';
        }
        res.writeHead(status, headers);
        res.end(text);
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          pending.delete(timer);
          answer();
        }, reply.delayMs);
        pending.add(timer);
      } else {
        answer();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const api: IntercomServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, pathTemplate, answer) {
      routes.push({ method: method.toUpperCase(), segments: splitPath(pathTemplate), answer, count: 0 });
      return api;
    },
    requestsTo(method, pathTemplate) {
      const segments = splitPath(pathTemplate);
      return requests.filter((r) => r.method === method.toUpperCase() && matchSegments(segments, splitPath(r.path)));
    },
    reset(options = {}) {
      requests.length = 0;
      if (options.routes) routes = [];
    },
    close() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
