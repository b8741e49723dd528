/**
 * The typed client's transport: a WHATWG `fetch` for openapi-fetch that sends every request
 * through `send()` (http.ts), the transport `run()` uses. So both faces share one policy:
 * timeouts, retries (429 always; 5xx and connection failures only where repeating cannot write
 * twice), redirects refused, and failures as the same coded errors, scrubbed of the token. A
 * failure therefore rejects the client call (with an IntercomOpsError) instead of resolving to
 * `{ error }`; a success resolves to `{ data }` as openapi-fetch parses it.
 */
import { redactError } from './redact.js';
import { IntercomOpsError } from './errors.js';
import { send } from './http.js';
import { resolveOptions, type RunOptions } from './options.js';
import type { HttpMethod } from './registry-types.js';
import type { WireRequest } from './request.js';

/** What the transport needs to know about a route (generated/<version>/client.ts lists them all). */
export interface ClientRoute {
  /** Registry name: errors name the operation. */
  name: string;
  method: HttpMethod;
  /** Path template as the spec writes it. */
  path: string;
  /** Writes nothing (a search POST may then be retried like a GET). */
  readOnly: boolean;
  /** Non-JSON success media type (sent as Accept, answered as bytes or text); null = JSON. */
  responseContentType: string | null;
}

export interface ClientTransportOptions extends Pick<RunOptions, 'token' | 'fetch' | 'signal' | 'timeoutMs' | 'maxRetries'> {
  /** The `Intercom-Version` header value (for the options check; the client sets the header itself). */
  intercomVersion: string;
  routes: readonly ClientRoute[];
}

interface CompiledRoute extends ClientRoute {
  pattern: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Routes as patterns on the URL's path. A baseUrl may add a prefix, so a pattern matches any
 * prefix (captured) followed by the route; literal routes sort before templated ones.
 */
function compile(routes: readonly ClientRoute[]): CompiledRoute[] {
  return routes
    .map((route) => ({
      ...route,
      pattern: new RegExp(`^(.*?)${route.path.split(/\{[^}]*\}/).map(escapeRegExp).join('[^/]+')}$`),
      params: (route.path.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params)
    .map(({ params: _params, ...route }) => route);
}

/**
 * The route a request is for: of the routes its path ends with, the one that leaves the shortest
 * prefix (`/companies/1/contacts` is ListAttachedContacts, not ListContacts with a prefix
 * `/companies/1`); among equals, the literal one (`/contacts/search` before `/contacts/{id}`).
 */
function routeOf(routes: readonly CompiledRoute[], method: HttpMethod, pathname: string): CompiledRoute | undefined {
  let best: CompiledRoute | undefined;
  let bestPrefix = Infinity;
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (match && match[1].length < bestPrefix) {
      best = route;
      bestPrefix = match[1].length;
    }
  }
  return best;
}

/** Headers a re-encoded body no longer matches. */
const BODY_FRAMING = ['content-length', 'content-encoding', 'transfer-encoding'];

export function clientTransport(options: ClientTransportOptions): (request: Request) => Promise<Response> {
  const routes = compile(options.routes);
  return async (request) => {
    const method = request.method.toUpperCase() as HttpMethod;
    const pathname = new URL(request.url).pathname;
    const route = routeOf(routes, method, pathname);
    const operation = route?.name ?? `${method} ${pathname}`;
    try {
      const resolved = resolveOptions(options, options.intercomVersion, operation);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const wire: WireRequest = { method, url: request.url, headers };
      if (request.body !== null) wire.body = await request.text();
      const answer = await send(wire, {
        operation,
        options: resolved,
        readOnly: route?.readOnly ?? method === 'GET',
        responseContentType: route?.responseContentType ?? null,
      });
      const responseHeaders = new Headers(answer.headers);
      for (const name of BODY_FRAMING) responseHeaders.delete(name);
      const body =
        answer.body === null || answer.body === undefined || answer.status === 204 || answer.status === 205
          ? null
          : typeof answer.body === 'string' || answer.body instanceof Uint8Array
            ? answer.body
            : JSON.stringify(answer.body);
      return new Response(body as BodyInit | null, { status: answer.status, headers: responseHeaders });
    } catch (error) {
      if (error instanceof IntercomOpsError) throw redactError(error, options.token);
      throw error;
    }
  };
}
