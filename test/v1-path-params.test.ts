/**
 * Everything checked before the first request: a value that cannot fill a URL path segment ("..",
 * ".", "", a lone surrogate) in any v1 param that may reach a path is INVALID_PARAMS naming that
 * param, with nothing sent, even where the binding would first make a lookup (GET /me) and only
 * then build the path.
 *
 * Two checks. The declared path params of every operation (a data binding's `path`, a function
 * binding's `pathParams`) are refused up front. And a probe over every string of every documented
 * input (the contract cases' params and the catalog's examples) finds any param a binding puts in
 * a path without declaring it: such a value is refused only when its request is built, after
 * earlier requests were sent, which the probe reports.
 */
import { describe, expect, it } from 'vitest';
import { createRunner, type IntercomOpsError } from '../entry/index.js';
import { v1Operations } from '../operations/index.js';
import { pathParamsOf } from '../operations/path-params.js';
import { V1_CASES } from './support/contract-v1-cases.js';

const HOSTILE = ['..', '.', '', '\uD800'];
const TOKEN = 'tok_path_params_5e2b9c0d';

/** The role a search asks for (`{ field: 'role', value }` anywhere in the query). */
function roleAsked(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const node = body as Record<string, unknown>;
  if (node.field === 'role' && typeof node.value === 'string') return node.value;
  for (const value of Object.values(node)) {
    const found = roleAsked(value);
    if (found) return found;
  }
  return undefined;
}

/**
 * A fetch that records every request and answers each with a plausible success, so bindings go as
 * far as they can; `lookups: 'none'` answers searches with no rows (the create / update branches).
 */
function recordingFetch(sent: string[], lookups: 'one' | 'none'): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    sent.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const role = roleAsked(body) ?? 'user';
    const contact = { type: 'contact', id: '6643703ffae7834d1792fd30', role, email: 'jane.doe@example.com', external_id: 'user-1' };
    const answer = {
      type: 'list',
      id: '991267921',
      name: 'found',
      role,
      data: lookups === 'one' || !url.pathname.endsWith('/search') ? [contact] : [],
      total_count: lookups === 'one' ? 1 : 0,
      companies: [{ type: 'company', id: '531ee472cce572a6ec000006', company_id: 'company-1' }],
      pages: {},
    };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

async function attempt(
  operation: string,
  params: Record<string, unknown>,
  lookups: 'one' | 'none' = 'one',
): Promise<{ sent: string[]; error?: IntercomOpsError }> {
  const sent: string[] = [];
  const fetch = recordingFetch(sent, lookups);
  const runner = createRunner({ token: TOKEN, baseUrl: 'https://api.test', fetch, maxRetries: 0, onWarning: () => {} });
  try {
    await runner.run(operation, params);
    return { sent };
  } catch (error) {
    return { sent, error: error as IntercomOpsError };
  }
}

/** Pointer and value of every string leaf of `value`. */
function stringLeaves(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, `${at}/${key}`));
}

/** A copy of `params` with `value` at `pointer` (objects and one-item arrays made where missing). */
function withValue(params: unknown, tokens: readonly string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const [token, ...rest] = tokens as [string, ...string[]];
  if (token === '*' || /^\d+$/.test(token)) {
    const items = Array.isArray(params) && params.length ? [...params] : [{}];
    const index = token === '*' ? 0 : Number(token);
    items[index] = withValue(items[index], rest, value);
    return items;
  }
  const node = params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
  return { ...node, [token]: withValue(node[token], rest, value) };
}

const concrete = (pointer: string) => pointer.replace(/\/\*(?=\/|$)/g, '/0');

/** Documented inputs of an operation: its contract cases that succeed, and its catalog example. */
function inputsOf(operation: string): Array<Record<string, unknown>> {
  const cases = V1_CASES.filter((c) => c.operation === operation && c.expect.code === undefined).map((c) => c.params);
  const example = v1Operations.find((op) => op.name === operation)?.example;
  return example ? [...cases, example] : cases;
}

const isPathProblem = (error: IntercomOpsError | undefined) =>
  error?.code === 'INVALID_PARAMS' && (error.issues ?? []).some((i) => /path parameter|not valid Unicode text|change which endpoint/.test(i.message));

describe('declared path params are refused before anything is sent', () => {
  const declared = v1Operations.flatMap((op) => pathParamsOf(op).map((pointer) => [op.name, pointer] as const));

  it('covers every operation whose params fill a path', () => {
    const names = new Set(declared.map(([name]) => name));
    // Every v1 operation whose documented inputs reach a path declares it (the probe below checks
    // the claim); these take no path value from their params.
    const none = v1Operations.filter((op) => !names.has(op.name)).map((op) => op.name);
    expect(names.size).toBeGreaterThan(25);
    for (const name of none) expect(pathParamsOf(v1Operations.find((op) => op.name === name)!)).toEqual([]);
    expect(names.has('delete_customer_to_conversation')).toBe(true);
  });

  it.each(declared)('%s %s', async (operation, pointer) => {
    const inputs = inputsOf(operation);
    const tokens = concrete(pointer).slice(1).split('/');
    const holding = inputs.find((params) => stringLeaves(params).some(([at]) => at === concrete(pointer)));
    const base = holding ?? inputs[0] ?? {};
    for (const value of HOSTILE) {
      const params = withValue(base, tokens, value) as Record<string, unknown>;
      const { sent, error } = await attempt(operation, params);
      expect(error?.code, `${JSON.stringify(value)}: ${error?.message}`).toBe('INVALID_PARAMS');
      expect(error!.issues!.map((i) => i.path), JSON.stringify(value)).toContain(concrete(pointer));
      expect(sent, JSON.stringify(value)).toEqual([]);
    }
  });

  it('delete_customer_to_conversation with conversation_id ".." sends nothing (not even GET /me)', async () => {
    for (const conversation_id of HOSTILE) {
      const { sent, error } = await attempt('delete_customer_to_conversation', { conversation_id, id: '6643703ffae7834d1792fd30' });
      expect(error).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: '/conversation_id' }] });
      expect(sent).toEqual([]);
    }
  });
});

describe('probe: no documented input reaches a path undeclared', () => {
  const probes = v1Operations.flatMap((op) =>
    inputsOf(op.name).flatMap((params, index) => stringLeaves(params).map(([pointer]) => [op.name, index, pointer, params] as const)),
  );

  it('has inputs for most operations', () => {
    expect(new Set(probes.map(([name]) => name)).size).toBeGreaterThan(45);
  });

  it.each(probes.map(([name, index, pointer, params]) => [`${name} #${index} ${pointer}`, name, pointer, params] as const))(
    '%s',
    async (_label, operation, pointer, params) => {
      for (const lookups of ['one', 'none'] as const) {
        for (const value of HOSTILE) {
          const hostile = withValue(params, pointer.slice(1).split('/'), value) as Record<string, unknown>;
          const { sent, error } = await attempt(operation, hostile, lookups);
          // A path value refused only once its request was built, after requests went out: undeclared.
          if (isPathProblem(error)) expect(sent, `${JSON.stringify(value)} at ${pointer} (lookups ${lookups}): ${error!.message}`).toEqual([]);
        }
      }
    },
  );
});
