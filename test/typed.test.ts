/**
 * Typed by operation name, as a consumer sees it: a file importing `intercom-ops` and
 * `intercom-ops/2.14` by package name (the package's own exports, so the built .d.ts files of
 * dist/), type-checked strictly with the repository's compiler options. Every line marked
 * `@ts-expect-error` must fail (an unused marker is itself an error), every other line must
 * pass: wrong names and params fail, right ones pass, results and rows are the spec's types,
 * errors narrow by code. Needs a built dist/ (`npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { sourceChecker } from './support/typecheck.js';

const { check, markers } = sourceChecker('iops-typed-');

const CONSUMER = `
import { run, iterate, createRunner, isIntercomOpsError, SUPPORTED_VERSIONS, VERSION, type DryRunPlan, type ParamIssue } from 'intercom-ops';
import * as v214 from 'intercom-ops/2.14';

export async function literalNames(step: string, dry: boolean) {
  // API operations: params and result from the description's types.
  const tag = await run('createTag', { $body: { name: 'VIP' } });
  const tagId: string | undefined = tag.id;
  const admin = await run('retrieveAdmin', { id: 991267921 });
  const adminEmail: string | undefined = admin?.email;
  const tags = await run('listTags');
  const tagNames: Array<string | undefined> = (tags.data ?? []).map((t) => t.name);

  // @ts-expect-error a misspelt operation name
  await run('craeteTag', { $body: { name: 'VIP' } });
  // @ts-expect-error a misspelt body property
  await run('createTag', { $body: { nam: 1 } });
  // @ts-expect-error the body is required
  await run('createTag', {});
  // @ts-expect-error an unknown parameter
  await run('retrieveAdmin', { id: 1, idd: 2 });
  // @ts-expect-error 2.10 declares the admin id an integer
  await run('retrieveAdmin', { id: true });
  // @ts-expect-error the path parameter is required
  await run('retrieveAdmin');
  // @ts-expect-error the result is typed, not any
  const wrong: number = tag.id;
  // @ts-expect-error a v1 list that writes has no rows
  iterate('archive_user', { email: 'a@example.com' });

  // v1 operations: params from their params schema.
  await run('archive_user', { email: 'a@example.com' });
  await run('list_users', { resultsPath: 'users' });
  // @ts-expect-error a misspelt v1 parameter
  await run('archive_user', { emial: 'a@example.com' });
  // v1 results and rows: their v1 answer's types.
  const v1Tags = await run('list_tags');
  const v1TagNames: Array<string | undefined> = (v1Tags.data ?? []).map((t) => t.name);
  // @ts-expect-error the v1 answer is typed: a tag list has no users
  v1Tags.users;
  for await (const user of iterate('list_users')) {
    const email: string | undefined = user.email;
    void email;
  }
  // @ts-expect-error a v1 read that answers one object has no rows
  iterate('list_tags');
  // @ts-expect-error an operation that takes no params takes no unknown one
  await run('listTags', { nope: 1 });
  // @ts-expect-error nor does a v1 one
  await run('list_tags', { nope: 1 });
  // Another version named in the options: its names and params, checked at run time.
  const admin214: unknown = await run('retrieveAdmin', { admin_id: 991267921 }, { version: '2.14' });
  // Params that the pinned version takes do not make the answer the pinned version's type.
  const under214 = await run('retrieveAdmin', { id: 1 }, { version: '2.14' });
  // @ts-expect-error the answer of a call naming another version is unknown
  under214.email;
  const plan214: DryRunPlan = await run('retrieveAdmin', { admin_id: '1' }, { version: '2.14', dryRun: true });
  for await (const row of iterate('listTags', {}, { version: '2.14' })) void row;

  // A dry run resolves to its plan; an unknown dryRun to either.
  const plan: DryRunPlan = await run('createTag', { $body: { name: 'VIP' } }, { dryRun: true });
  const either = await run('listTags', {}, { dryRun: dry });
  // @ts-expect-error either the answer or the plan
  const notPlan: DryRunPlan = either;

  // A name known only at run time (a low-code step): loose params, unknown result.
  const answer = await run(step, { anything: 1 });
  // @ts-expect-error unknown until narrowed
  answer.id;
  const stepPlan: DryRunPlan = await run(step, {}, { dryRun: true });

  // Rows of a paginated operation.
  for await (const contact of iterate('SearchContacts', { $body: { query: { field: 'role', operator: '=', value: 'user' } } })) {
    const id: string | undefined = contact.id;
    // @ts-expect-error rows are typed: a contact has no such property
    contact.no_such_property;
    void id;
  }
  // @ts-expect-error not a paginated operation: nothing to iterate
  iterate('retrieveAdmin', { id: 1 });
  for await (const row of iterate(step)) {
    // @ts-expect-error rows of a dynamic name are unknown
    row.id;
  }

  // A runner typed the same way; another version's entry typed for that version.
  const runner = createRunner({ token: 't' });
  await runner.run('listTags');
  // @ts-expect-error a misspelt operation name
  await runner.run('listTagz');
  const other = await v214.run('retrieveAdmin', { admin_id: 1 });
  const otherEmail: string | undefined = other?.email;
  // @ts-expect-error 2.14 renamed the path key to admin_id
  await v214.run('retrieveAdmin', { id: 1 });
  // A runner created for another version: that version's names and params, checked at run time.
  const runner214 = createRunner({ version: '2.14' });
  const viaRunner: unknown = await runner214.run('retrieveAdmin', { admin_id: 991267921 });
  const runnerPlan: DryRunPlan = await runner214.run('retrieveAdmin', { admin_id: '1' }, { dryRun: true });
  for await (const row of runner214.iterate('listTags')) void row;
  // @ts-expect-error its answers are unknown, never the pinned version's types
  (await runner214.run('retrieveAdmin', { id: 1 })).email;
  // @ts-expect-error the same from a version's entry (a runner of intercom-ops/2.14 preset to 2.10)
  (await v214.createRunner({ version: '2.10' }).run('retrieveAdmin', { id: 1 })).email;
  const version: string = v214.VERSION;
  const versions: readonly string[] = SUPPORTED_VERSIONS;

  void [tagId, adminEmail, tagNames, wrong, plan, notPlan, stepPlan, otherEmail, version, versions, VERSION, v1TagNames, admin214, plan214, viaRunner, runnerPlan];
}

export function narrowing(error: unknown): number | ParamIssue[] | string[] | null {
  if (!isIntercomOpsError(error)) return null;
  if (error.code === 'API_ERROR') return error.status;
  // A local rate budget refuses before anything is sent: no status then.
  if (error.code === 'RATE_LIMITED') return error.status ?? null;
  if (error.code === 'INVALID_PARAMS') return error.issues;
  if (error.code === 'UNKNOWN_OPERATION') return error.suggestions;
  // @ts-expect-error only API_ERROR carries a status for sure
  const status: number = error.status;
  void status;
  return null;
}
`;

describe('typed by name (a consumer of the built package)', () => {
  it('right names and params pass; wrong ones, and every @ts-expect-error line, fail', { timeout: 120_000 }, () => {
    expect(check('consumer', CONSUMER)).toEqual([]);
  });

  it('the expectations have teeth: without the markers, each marked line is an error', { timeout: 120_000 }, () => {
    const { marked, failing } = markers(CONSUMER);
    expect(marked).toBeGreaterThan(15);
    expect(failing).toBe(marked);
  });
});
