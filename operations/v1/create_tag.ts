/**
 * create_tag: create (or, with `id`, rename) a tag and tag or untag users or companies with it,
 * following the v1 rules: users and companies never in one request; at most 50 users
 * per tag request; `untag: true` entries untag, mixed freely with entries to tag.
 *
 * On 2.x: every user entry is resolved to an Intercom id first (email / user_id → SearchContacts,
 * exactly one match each), so a missing or ambiguous user writes nothing. Then createTag is
 * called once per batch of ≤ 50 users to tag (once with just the tag when there are none), and
 * detachTagFromContact once per user to untag (it needs the tag id: `$body.id`, else the
 * createTag answer). Companies (tag and untag entries alike) go to one createTag call as v1 sent
 * them. A failure after some writes rejects with a message listing what was already applied.
 */
import { ApiError, IntercomOpsError } from '../../runtime/errors.js';
import { findOneContact } from '../shared/contacts.js';
import { invalidParam, requireAnyOf } from '../shared/rules.js';
import type { CanonicalContext, TargetBody, V1Operation } from '../types.js';

/** v1's advice ("no more than 50 users at a time"), made a rule here. */
export const USERS_PER_TAG_REQUEST = 50;

interface UserEntry {
  id?: string;
  user_id?: string;
  email?: string;
  untag?: boolean;
}
interface CompanyEntry {
  id?: string;
  company_id?: string;
  untag?: boolean;
}
interface TagBody {
  name: string;
  id?: string;
  type?: string;
  users?: UserEntry[];
  companies?: CompanyEntry[];
}

/** One write of the plan, with a label for error messages. */
interface Step {
  label: string;
  run: () => Promise<unknown>;
}

function range(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

/**
 * Runs the writes in order. When one fails after others succeeded, the error (its class, code,
 * status… unchanged) gets a message saying which step failed, which were applied and which were
 * not, so a caller can repair by hand or retry what is left.
 */
async function applyInOrder(ctx: CanonicalContext, steps: Step[]): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const [index, step] of steps.entries()) {
    try {
      answers.push(await step.run());
    } catch (error) {
      if (error instanceof IntercomOpsError) {
        const applied = steps.slice(0, index).map((s) => s.label);
        const notApplied = steps.slice(index + 1).map((s) => s.label);
        error.message =
          `${ctx.operation}: ${step.label} failed (${error.message}). ` +
          (applied.length ? `Already applied: ${applied.join('; ')}. ` : 'Nothing was applied. ') +
          (notApplied.length ? `Not applied: ${notApplied.join('; ')}.` : '');
        error.message = error.message.trimEnd();
      }
      throw error;
    }
  }
  return answers;
}

/** How a user entry without an Intercom id is looked up, and the key it is cached under. */
function lookupOf(entry: UserEntry): { key: 'external_id' | 'email'; value: string; cacheKey: string } | undefined {
  if (entry.id !== undefined) return undefined;
  const [key, value] = entry.user_id !== undefined ? (['external_id', entry.user_id] as const) : (['email', entry.email!] as const);
  return { key, value, cacheKey: `${key}\u0000${value}` };
}

/**
 * The Intercom id of each user entry, looked up (once per identifier) where it is not given.
 * `writes` names the calls that follow the lookups (for a dry run that stops at one).
 */
async function resolveUsers(
  ctx: CanonicalContext,
  users: UserEntry[],
  writes: readonly string[],
): Promise<Array<{ id: string; untag: boolean }>> {
  const lookups = new Set(users.map((entry) => lookupOf(entry)?.cacheKey).filter((key) => key !== undefined)).size;
  const found = new Map<string, string>();
  const out: Array<{ id: string; untag: boolean }> = [];
  for (const entry of users) {
    let id = entry.id;
    if (id === undefined) {
      const lookup = lookupOf(entry)!;
      id = found.get(lookup.cacheKey);
      if (id === undefined) {
        // More lookups (if any are left), then the writes.
        const then = [...(found.size + 1 < lookups ? ['SearchContacts'] : []), ...writes];
        id = (await findOneContact(ctx, 'user', lookup.key, lookup.value, undefined, then)).id;
        found.set(lookup.cacheKey, id);
      }
    }
    out.push({ id, untag: entry.untag === true });
  }
  return out;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const userEntry = {
  type: 'object',
  description: 'A user or lead: Intercom id, or your user_id, or email (users only). untag: true untags it.',
  properties: {
    id: { type: 'string', description: 'Intercom id of the user or lead.' },
    user_id: { type: 'string', description: 'Your user_id of the user.' },
    email: { type: 'string', description: 'Email of the user.' },
    untag: { type: 'boolean', description: 'true: remove the tag from this user instead.' },
  },
  anyOf: requireAnyOf('id', 'user_id', 'email'),
  additionalProperties: false,
};

const companyEntry = {
  type: 'object',
  description: 'A company: Intercom id or your company_id. untag: true untags it.',
  properties: {
    id: { type: 'string', description: 'Intercom id of the company.' },
    company_id: { type: 'string', description: 'Your company_id of the company.' },
    untag: { type: 'boolean', description: 'true: remove the tag from this company instead.' },
  },
  anyOf: requireAnyOf('id', 'company_id'),
  additionalProperties: false,
};

export default {
  name: 'create_tag',
  summary:
    'Create a tag (or rename it, given its id), and tag or untag users or companies with it; more than 50 users are tagged in batches of 50.',
  params: [],
  body: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Name of the tag (created if no tag has it; case-insensitive).' },
      id: { type: 'string', description: 'Id of an existing tag: renames it to name.' },
      type: { type: 'string', description: 'Model type "tag" (dropped with a warning).' },
      users: { type: 'array', items: userEntry, description: 'Users or leads to tag or untag (not with companies).' },
      companies: { type: 'array', items: companyEntry, description: 'Companies to tag or untag (not with users).' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['SearchContacts', 'createTag', 'detachTagFromContact'],
  readOnly: false,
  mapped: {
    'users[].id': 'createTag users[].id',
    'users[].user_id': 'SearchContacts external_id → users[].id',
    'users[].email': 'SearchContacts email → users[].id',
    'users[].untag': 'detachTagFromContact (per user)',
    companies: 'createTag companies (untag entries included)',
  },
  dropped: ['type'],
  example: { $body: { name: 'VIP', users: [{ id: '6643703ffae7834d1792fd30' }, { email: 'jane.doe@example.com' }] } },
  pathParams: ['/$body/users/*/id'],
  answer: { $answerOf: 'createTag', description: 'The answer of the first createTag request (the tag).' },
  binding: async (params, ctx) => {
    const body = params.$body as TagBody;
    const users = body.users ?? [];
    const companies = body.companies ?? [];

    // v1 rule: "Companies and user tag directives cannot be mixed in the same request".
    if (users.length > 0 && companies.length > 0) {
      throw invalidParam(ctx, '/$body/companies', 'cannot be sent with users: tag users and companies in separate requests');
    }
    if (body.type !== undefined) ctx.warn('type', 'type is not writable with the current API; it was not sent');

    const tag = { name: body.name, ...(body.id !== undefined ? { id: body.id } : {}) };

    if (companies.length > 0) {
      return ctx.call('createTag', { body: { ...tag, companies } });
    }

    // Every lookup before the first write: a user that is not found (or not unique) writes nothing.
    // There is always a createTag (just the tag when no user is tagged); untag entries detach.
    const writes = ['createTag', ...(users.some((u) => u.untag === true) ? ['detachTagFromContact'] : [])];
    const resolved = await resolveUsers(ctx, users, writes);
    const toTag = resolved.filter((u) => !u.untag).map((u) => u.id);
    const toUntag = resolved.filter((u) => u.untag).map((u) => u.id);

    // Untagging needs the tag id: given, or read from the first createTag answer.
    let tagId: string | undefined = body.id;
    const needsAnswer = toUntag.length > 0 && tagId === undefined;
    let result: unknown;
    const batches = chunk(toTag, USERS_PER_TAG_REQUEST);
    const createTag = async (request: TargetBody<'createTag'>, independent: boolean) => {
      // Only the first createTag is awaited for its answer (the tag id the untags need).
      const then = [...(batches.length > 1 ? ['createTag'] : []), 'detachTagFromContact'];
      const answer = await ctx.call('createTag', { body: request }, independent ? { independent } : { then });
      if (result === undefined) result = answer;
      const answeredId = answer?.id;
      if (tagId === undefined && typeof answeredId === 'string' && answeredId) tagId = answeredId;
      return answer;
    };

    const steps: Step[] = [];
    if (batches.length === 0) {
      steps.push({
        label: body.id !== undefined ? `rename tag ${body.id}` : `create tag ${JSON.stringify(body.name)}`,
        run: () => createTag(tag, !needsAnswer),
      });
    }
    batches.forEach((batch, index) => {
      const first = index * USERS_PER_TAG_REQUEST + 1;
      steps.push({
        label: `tag batch ${index + 1} of ${batches.length} (users ${range(first, first + batch.length - 1)} of ${toTag.length} to tag)`,
        run: () => createTag({ ...tag, users: batch.map((id) => ({ id })) }, index > 0 || !needsAnswer),
      });
    });
    toUntag.forEach((contactId, index) => {
      steps.push({
        label: `untag user ${contactId} (${index + 1} of ${toUntag.length})`,
        run: () => {
          if (tagId === undefined) {
            // A success answer without the id the spec promises (what API_ERROR covers), as an ApiError so that it carries a status.
            throw new ApiError(`${ctx.operation}: createTag answered no tag id, so users cannot be untagged`, {
              operation: ctx.operation,
              status: 200,
            });
          }
          return ctx.call('detachTagFromContact', { path: [contactId, tagId] }, { independent: true });
        },
      });
    });

    await applyInOrder(ctx, steps);
    return result;
  },
} satisfies V1Operation;
