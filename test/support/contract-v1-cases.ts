/**
 * Representative documented inputs for the 57 v1 operations (seed 003 parameters, v1-bindings.md
 * mappings), and what the recording proxy answers where Prism's static examples cannot drive a
 * step:
 * - lookups (SearchContacts): the spec's example answer is an empty list, so every lookup would be
 *   NOT_FOUND. The proxy lets Prism validate the request, then answers one contact (or none / two,
 *   per case) echoing the role, email and external_id the query asked for;
 * - ShowContact: answered with the role the case needs (get_user / get_lead check it);
 * - the legacy v1 visitor routes (`GET|DELETE /visitors/{id}`, in no 2.7+ description): answered
 *   by the proxy without forwarding (nothing to validate them against).
 */
import type { Answer, ProxiedRequest } from './contract-proxy.js';
import type { Findings } from './prism.js';

export interface V1Case {
  /** Unique, e.g. "archive_user by email". */
  id: string;
  operation: string;
  params: Record<string, unknown>;
  /** How many contacts a lookup finds (default one). */
  lookup?: 'one' | 'none' | 'two';
  /** Role ShowContact answers with (default: the role the operation expects). */
  contactRole?: 'user' | 'lead';
  expect: {
    ok?: true;
    /** Error code expected instead of success (NOT_FOUND, UNSUPPORTED, …). */
    code?: string;
    /** 2.x operation names (or `legacy METHOD /route/{}`) of the requests, in order. */
    calls?: string[];
    /** v1 fields reported through onWarning. */
    warnings?: string[];
  };
}

export interface Scenario {
  local?(request: ProxiedRequest): Answer | undefined;
  override?(request: ProxiedRequest, prism: { status: number; body: unknown; findings: Findings }, operation: string | undefined): Answer | undefined;
}

export const CONTACT_ID = '6643703ffae7834d1792fd30';

export const V1_CASES: readonly V1Case[] = [];

const byCaseId = new Map<string, V1Case>();
for (const c of V1_CASES) byCaseId.set(`v1:${c.operation}:${c.id}`, c);

/** Collects `field = value` filters of a SearchContacts query (single or nested AND/OR). */
function filters(query: unknown, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!query || typeof query !== 'object') return out;
  const q = query as { field?: string; value?: unknown; operator?: string };
  if (typeof q.field === 'string') {
    if (q.operator === '=' || q.operator === undefined) out[q.field] = q.value;
  } else if (Array.isArray(q.value)) for (const item of q.value) filters(item, out);
  return out;
}

function contact(index: number, wanted: Record<string, unknown>): Record<string, unknown> {
  const role = wanted.role === 'lead' ? 'lead' : 'user';
  return {
    type: 'contact',
    id: index === 0 ? CONTACT_ID : `6643703ffae7834d1792fd3${index}`,
    workspace_id: 'ecahpwf5',
    external_id: typeof wanted.external_id === 'string' ? wanted.external_id : null,
    role,
    email: typeof wanted.email === 'string' ? wanted.email : 'jane.doe@example.com',
    name: 'Jane Doe',
    created_at: 1714564800,
    updated_at: 1714564800,
  };
}

function searchAnswer(c: V1Case, body: unknown): Answer {
  const wanted = filters((body as { query?: unknown })?.query);
  const count = c.lookup === 'none' ? 0 : c.lookup === 'two' ? 2 : 1;
  const data = Array.from({ length: count }, (_, i) => contact(i, wanted));
  return {
    status: 200,
    body: { type: 'list', data, total_count: count, pages: { type: 'pages', page: 1, per_page: 50, total_pages: count ? 1 : 0 } },
  };
}

export function v1Scenario(caseId: string): Scenario | undefined {
  const c = byCaseId.get(caseId);
  if (!caseId.startsWith('v1:')) return undefined;
  return {
    local(request) {
      // Legacy v1 visitor routes: not in the description, nothing for Prism to check.
      if ((request.method === 'GET' || request.method === 'DELETE') && /^\/visitors\/(?!convert$)[^/]+$/.test(request.path)) {
        const id = decodeURIComponent(request.path.split('/')[2]!);
        return { status: 200, body: { type: 'visitor', id, user_id: 'visitor-user-1', name: 'Visitor', custom_attributes: {} } };
      }
      return undefined;
    },
    override(request, prism, operation) {
      if (prism.status >= 300 || !c) return undefined; // keep Prism's own answer to a faulty request
      if (operation === 'SearchContacts') return searchAnswer(c, request.body);
      if (operation === 'ShowContact') {
        const role = c.contactRole ?? (c.operation.includes('lead') ? 'lead' : 'user');
        const id = decodeURIComponent(request.path.split('/')[2]!);
        return { status: 200, body: { ...(prism.body as object), ...contact(0, { role }), id } };
      }
      return undefined;
    },
  };
}
