/**
 * Dry-run plans of the v1 operations against the call sequences the contract cases pin (what each
 * case really sends to a server, test/support/contract-v1-cases.ts): the plan is the start of that
 * sequence, every later call is named as pending, and nothing pending is invented — `pending`
 * comes from the binding's `then` for the call the plan stopped at, so it names only the steps
 * that the params leave possible.
 */
import { describe, expect, it } from 'vitest';
import { createRunner, type ApiOperationEntry, type V1OperationEntry } from '../entry/index.js';
import { V1_CASES, type V1Case } from './support/contract-v1-cases.js';

const BASE = 'https://api.intercom.io';
const runner = createRunner({ baseUrl: BASE, now: () => 1_714_564_800 });

interface Planned {
  method: string;
  url: string;
  body: unknown;
}
interface Plan {
  dryRun: true;
  operation: string;
  requests: Planned[];
  pending?: string[];
}

const LEGACY = 'legacy ';

/** A case's call name as a plan's `pending` names it: legacy endpoints as `METHOD /route/{}`. */
const asPending = (call: string) => (call.startsWith(LEGACY) ? call.slice(LEGACY.length) : call);

/** Method and URL-path pattern of a named call (a registry operation or a legacy route). */
function shapeOf(call: string): { method: string; path: RegExp } {
  let method: string;
  let template: string;
  if (call.startsWith(LEGACY)) {
    [method, template] = call.slice(LEGACY.length).split(' ') as [string, string];
  } else {
    const entry = runner.operations[call] as ApiOperationEntry | undefined;
    if (!entry || entry.kind !== 'api') throw new Error(`${call} is not an API operation of the registry`);
    method = entry.method;
    template = entry.path;
  }
  const pattern = template
    .split(/\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return { method, path: new RegExp(`^${pattern}$`) };
}

const dryRun = (operation: string, params: Record<string, unknown>) => runner.run(operation, params, { dryRun: true }) as Promise<Plan>;

const requestsOf = (plan: Plan) => plan.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`);

/** Legacy routes an operation uses, as the contract cases pin them. */
function legacyRoutes(operation: string): string[] {
  return V1_CASES.filter((c) => c.operation === operation)
    .flatMap((c) => c.expect.calls ?? [])
    .filter((call) => call.startsWith(LEGACY))
    .map(asPending);
}

const planned: V1Case[] = V1_CASES.filter((c) => c.expect.calls && c.expect.code === undefined);

describe('a v1 dry run plans the start of the real call sequence and names the rest as pending', () => {
  it('covers the contract cases', () => {
    expect(planned.length).toBeGreaterThan(80);
  });

  it.each(planned.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const calls = c.expect.calls!;
    const plan = await dryRun(c.operation, c.params);
    expect(plan).toMatchObject({ dryRun: true, operation: c.operation });

    // The planned requests are the first real calls, with their methods and URL paths.
    expect(plan.requests.length, 'planned more requests than the operation makes').toBeLessThanOrEqual(calls.length);
    plan.requests.forEach((request, index) => {
      const { method, path } = shapeOf(calls[index]!);
      expect(request.method, `request ${index + 1} (${calls[index]})`).toBe(method);
      expect(new URL(request.url).pathname, `request ${index + 1} (${calls[index]})`).toMatch(path);
    });

    // Every call the plan could not know is pending…
    const pending = plan.pending ?? [];
    const remaining = calls.slice(plan.requests.length).map(asPending);
    for (const call of remaining) expect(pending, `${call} follows the plan`).toContain(call);

    // …and nothing pending is invented: each is a declared call or a legacy route the operation uses.
    const entry = runner.operations[c.operation] as V1OperationEntry;
    const known = [...entry.calls, ...legacyRoutes(c.operation)];
    for (const step of pending) expect(known, `pending ${step}`).toContain(step);
    expect(new Set(pending).size, 'pending names each step once').toBe(pending.length);
    if (plan.pending) expect(plan.pending.length, 'an empty pending is left out').toBeGreaterThan(0);
  });
});

describe('pending names only the branches the params leave open', () => {
  const SEGMENT = '5d2e8d0f3b7d42400fbbf3b6';
  const CONTACT = '6643703ffae7834d1792fd30';

  it('get_segment: without include_count one request; with it both, nothing pending either way', async () => {
    const plain = await dryRun('get_segment', { id: SEGMENT });
    expect(requestsOf(plain)).toEqual([`GET /segments/${SEGMENT}`]);
    expect(plain.pending).toBeUndefined();
    const counted = await dryRun('get_segment', { id: SEGMENT, include_count: true });
    expect(requestsOf(counted)).toEqual([`GET /segments/${SEGMENT}`, 'GET /segments']);
    expect(counted.pending).toBeUndefined();
  });

  it('post_reply: a comment is a reply, a close manages the conversation; nothing pending', async () => {
    const comment = await dryRun('post_reply', {
      conversation_id: '147',
      $body: { message_type: 'comment', type: 'admin', admin_id: '991267921', body: 'Hello' },
    });
    expect(requestsOf(comment)).toEqual(['POST /conversations/147/reply']);
    expect(comment.pending).toBeUndefined();
    const close = await dryRun('post_reply', { conversation_id: '147', $body: { message_type: 'close', type: 'admin', admin_id: '991267921' } });
    expect(requestsOf(close)).toEqual(['POST /conversations/147/parts']);
    expect(close.pending).toBeUndefined();
  });

  it('create_lead: without $body.id the create, then only the company calls given; with it the update', async () => {
    const bare = await dryRun('create_lead', { $body: { email: 'lea@example.com' } });
    expect(requestsOf(bare)).toEqual(['POST /contacts']);
    expect(bare.pending).toBeUndefined();
    const withCompany = await dryRun('create_lead', { $body: { email: 'lea@example.com', companies: [{ company_id: 'c-1' }] } });
    expect(requestsOf(withCompany)).toEqual(['POST /contacts']);
    expect(withCompany.pending).toEqual(['createOrUpdateCompany', 'attachContactToACompany']);
    const byId = await dryRun('create_lead', { $body: { id: CONTACT, name: 'Lea' } });
    expect(requestsOf(byId)).toEqual([`PUT /contacts/${CONTACT}`]);
    expect(byId.pending).toBeUndefined();
  });

  it('delete_visitor by user_id: the lookup, then the legacy delete is pending', async () => {
    const plan = await dryRun('delete_visitor', { user_id: 'visitor-user-1' });
    expect(requestsOf(plan)).toEqual(['GET /visitors']);
    expect(new URL(plan.requests[0]!.url).searchParams.get('user_id')).toBe('visitor-user-1');
    expect(plan.pending).toEqual(['DELETE /visitors/{}']);
  });

  it('archive_user: the lookup, then the archive is pending (by email or user_id)', async () => {
    for (const params of [{ email: 'jane.doe@example.com' }, { user_id: 'u-1' }]) {
      const plan = await dryRun('archive_user', params);
      expect(requestsOf(plan)).toEqual(['POST /contacts/search']);
      expect(plan.pending).toEqual(['ArchiveContact']);
    }
  });

  it('convert_lead: given the user id, the lead lookup can only lead to a merge', async () => {
    const plan = await dryRun('convert_lead', { $body: { contact: { user_id: 'lead-uuid-1' }, user: { id: CONTACT } } });
    expect(requestsOf(plan)).toEqual(['POST /contacts/search']);
    expect(plan.pending).toEqual(['MergeContact']);
  });

  it('create_user: the lookup decides update or create; company calls only when companies are given', async () => {
    const bare = await dryRun('create_user', { $body: { user_id: 'u-1' } });
    expect(bare.pending).toEqual(['UpdateContact', 'CreateContact']);
    const withCompany = await dryRun('create_user', { $body: { user_id: 'u-1', companies: [{ id: 'co-1' }] } });
    expect(withCompany.pending).toEqual(['UpdateContact', 'CreateContact', 'attachContactToACompany']);
  });

  it('a list operation’s first page ends the plan with nothing pending', async () => {
    const plan = await dryRun('list_users', { resultsPath: 'users' });
    expect(requestsOf(plan)).toEqual(['POST /contacts/search']);
    expect(plan.pending).toBeUndefined();
  });
});
