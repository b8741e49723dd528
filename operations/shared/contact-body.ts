/**
 * v1 user / lead bodies → 2.x contact writes.
 *
 * v1 wrote users and leads as their own models; 2.x writes one contact with fewer writable
 * fields. The translation here is pure (no calls), so every field that is renamed, dropped or
 * refused is known before anything is sent:
 * - renamed: `last_request_at` → `last_seen_at`, `avatar: {image_url}` → `avatar: "<url>"`,
 *   `user_id` → `external_id`;
 * - written as is: `email`, `phone`, `name`, `signed_up_at`, `unsubscribed_from_emails`,
 *   `custom_attributes` (the fields of the 2.10 CreateContact / UpdateContact request schemas
 *   that the v1 models have);
 * - dropped with one `ctx.warn` per field present: everything else (read-only model fields,
 *   `utm_*`, `segments`, `tags`, … and names v1 never had);
 * - `companies: [...]` → `createOrUpdateCompany` per company, then `attachContactToACompany`.
 */
import { InvalidParamsError, UnsupportedError } from '../../runtime/errors.js';
import type { JsonSchema } from '../../runtime/registry-types.js';
import type { CanonicalContext, TargetBody } from '../types.js';
import { companyBodySchema, companyWriteBody, type CompanyBody } from './companies.js';

// ---------------------------------------------------------------------------------------------
// Schemas of the v1 models (typed from the v1 reference: timestamps are epoch seconds).

const timestamp = { type: 'integer', description: 'Unix timestamp (seconds)' } as const;
// anyOf, not a type array: strict Ajv (strictTypes) only allows a type array for nullable.
const anyList = { anyOf: [{ type: 'array' }, { type: 'object' }], description: 'Read-only in v1 answers; dropped on write' } as const;

/** A company inside a v1 user/lead body (`companies: [...]`): the v1 company model, plus `remove`. */
export const v1CompanyRefSchema: JsonSchema = {
  ...companyBodySchema,
  properties: {
    ...companyBodySchema.properties,
    id: { type: 'string', description: 'Intercom id of an existing company (attached as is)' },
    remove: { type: 'boolean', description: 'v1: detach the company (not supported here)' },
  },
};

const avatarSchema = {
  type: 'object',
  properties: {
    image_url: { type: ['string', 'null'], description: 'https URL of the avatar image' },
    type: { type: 'string' },
  },
  additionalProperties: true,
} as const;

/** Fields common to the v1 user and lead models. */
const commonProperties: Record<string, unknown> = {
  id: { type: 'string', description: 'Intercom id of an existing contact' },
  user_id: { type: 'string' },
  email: { type: 'string' },
  phone: { type: ['string', 'null'] },
  name: { type: ['string', 'null'] },
  avatar: avatarSchema,
  last_request_at: { ...timestamp, description: 'Last seen (written as last_seen_at)' },
  unsubscribed_from_emails: { type: 'boolean' },
  custom_attributes: { type: 'object' },
  companies: { type: 'array', items: v1CompanyRefSchema },
  type: { type: 'string' },
  created_at: timestamp,
  updated_at: timestamp,
  segments: anyList,
  tags: anyList,
  social_profiles: anyList,
  location_data: { type: 'object' },
  referrer: { type: 'string' },
  utm_campaign: { type: 'string' },
  utm_content: { type: 'string' },
  utm_medium: { type: 'string' },
  utm_source: { type: 'string' },
  utm_term: { type: 'string' },
};

/** The v1 user model as a request body. */
export const v1UserBodySchema: JsonSchema = {
  type: 'object',
  properties: {
    ...commonProperties,
    user_id: { type: 'string', description: 'Your id of the user (written as external_id)' },
    signed_up_at: timestamp,
    session_count: { type: 'integer' },
    pseudonym: { type: 'string' },
    anonymous: { type: 'boolean' },
  },
  additionalProperties: true,
};

/** The v1 lead ("contact") model as a request body. */
export const v1LeadBodySchema: JsonSchema = {
  type: 'object',
  properties: {
    ...commonProperties,
    user_id: { type: 'string', description: 'The lead\'s v1 user_id (written / looked up as external_id)' },
  },
  additionalProperties: true,
};

// ---------------------------------------------------------------------------------------------
// Catalog metadata shared by the operations that write contacts.

export const CONTACT_MAPPED: Record<string, string> = {
  user_id: 'external_id',
  last_request_at: 'last_seen_at',
  'avatar.image_url': 'avatar',
  'companies[]': 'createOrUpdateCompany + attachContactToACompany',
  'companies[].monthly_spend': 'monthly_spend (truncated to an integer)',
};

/** v1 model fields the 2.x contact cannot write. */
export const CONTACT_DROPPED = [
  'type', 'created_at', 'updated_at', 'session_count', 'segments', 'tags', 'social_profiles',
  'location_data', 'referrer', 'utm_campaign', 'utm_content', 'utm_medium', 'utm_source', 'utm_term',
  'pseudonym', 'anonymous',
  'companies[].type', 'companies[].created_at', 'companies[].updated_at', 'companies[].last_request_at',
  'companies[].user_count', 'companies[].session_count',
];

// ---------------------------------------------------------------------------------------------
// Translation.

/**
 * A contact write: the UpdateContact body (CreateContact's is the same object, but its `anyOf` of
 * required fields leaves its generated type unknown).
 */
export type ContactBody = TargetBody<'UpdateContact'>;

/** Fields written as they are (2.10 create_contact_request / update_contact_request). */
const PASSED = ['email', 'phone', 'name', 'signed_up_at', 'unsubscribed_from_emails', 'custom_attributes'] as const satisfies ReadonlyArray<
  keyof ContactBody
>;

/** Fields the caller's operation consumes itself (identifiers, companies). */
const HANDLED = new Set(['id', 'companies']);

export interface CompanyWrite {
  /** `createOrUpdateCompany` body when the entry has a `company_id`. */
  upsert?: CompanyBody;
  /** Intercom id of an existing company to attach directly (entry with `id` only). */
  id?: string;
}

export interface ContactWrite {
  /** 2.x contact body (CreateContact / UpdateContact). */
  body: ContactBody;
  /** Company calls to make once the contact's id is known. */
  companies: CompanyWrite[];
}

export interface TranslateOptions {
  /** JSON pointer of the v1 body in the params, for issue paths ("/$body"). */
  at?: string;
  /** Fields not to write nor warn about (identifiers the operation already used). */
  skip?: string[];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPassed(field: string): field is (typeof PASSED)[number] {
  return (PASSED as readonly string[]).includes(field);
}

function droppedMessage(field: string): string {
  return CONTACT_DROPPED.includes(field)
    ? 'is read-only or has no field in the current API; not sent'
    : 'is not a writable field of the v1 model in the current API; not sent';
}

/**
 * Translates a v1 user/lead body. Throws INVALID_PARAMS / UNSUPPORTED for company entries that
 * cannot be carried out; warns (ctx.warn) once per dropped field present. Makes no call.
 */
export function translateContactBody(ctx: CanonicalContext, v1: Record<string, any>, options: TranslateOptions = {}): ContactWrite {
  const skip = new Set(options.skip ?? []);
  const at = options.at ?? '/$body';
  const body: ContactBody = {};
  // The v1 params schema has checked each value; this checks the names written.
  const write = <K extends keyof ContactBody>(key: K, value: ContactBody[K]) => {
    body[key] = value;
  };
  for (const [field, value] of Object.entries(v1)) {
    if (skip.has(field) || HANDLED.has(field) || value === undefined) continue;
    if (isPassed(field)) write(field, value);
    else if (field === 'user_id') body.external_id = value;
    else if (field === 'last_request_at') body.last_seen_at = value;
    else if (field === 'avatar') {
      if (isObject(value) && value.image_url !== undefined) body.avatar = value.image_url;
      for (const key of Object.keys(isObject(value) ? value : {})) {
        if (key !== 'image_url') ctx.warn(`avatar.${key}`, 'avatar only takes image_url in the current API; not sent');
      }
    } else ctx.warn(field, droppedMessage(field));
  }
  const companies = Array.isArray(v1.companies) ? translateCompanies(ctx, v1.companies, `${at}/companies`) : [];
  return { body, companies };
}

function translateCompanies(ctx: CanonicalContext, entries: unknown[], at: string): CompanyWrite[] {
  const out: CompanyWrite[] = [];
  entries.forEach((entry, index) => {
    const where = `${at}/${index}`;
    const label = `companies[${index}]`;
    if (!isObject(entry)) {
      throw new InvalidParamsError(`${ctx.operation}: ${where} must be an object`, {
        operation: ctx.operation,
        issues: [{ path: where, message: 'must be an object' }],
      });
    }
    if (entry.remove === true) {
      throw new UnsupportedError(
        `${ctx.operation}: ${label}.remove: detaching a company from a contact is not carried out by this operation; ` +
          'nothing was sent',
        { operation: ctx.operation, parameter: `${where}/remove` },
      );
    }
    if (typeof entry.company_id === 'string') {
      const { remove: _remove, ...fields } = entry;
      const upsert = companyWriteBody(ctx, fields, `${label}.`);
      // Checked now, before the contact is written: a company the API would refuse writes nothing.
      ctx.validate('createOrUpdateCompany', { body: upsert });
      out.push({ upsert });
    } else if (typeof entry.id === 'string') {
      for (const key of Object.keys(entry)) {
        if (key !== 'id' && key !== 'remove' && entry[key] !== undefined) {
          ctx.warn(`${label}.${key}`, 'a company given by id only is attached, not updated (pass company_id to update it); not sent');
        }
      }
      out.push({ id: entry.id });
    } else {
      throw new InvalidParamsError(`${ctx.operation}: ${where} needs company_id (or the Intercom id)`, {
        operation: ctx.operation,
        issues: [{ path: where, message: 'needs company_id (or id, the Intercom id of an existing company)' }],
      });
    }
  });
  return out;
}

/** The calls `writeCompanies` makes for these companies, by operationId, in order of first use. */
export function companySteps(companies: readonly CompanyWrite[]): string[] {
  const steps = companies.flatMap((company) => [...(company.upsert ? ['createOrUpdateCompany'] : []), 'attachContactToACompany']);
  return [...new Set(steps)];
}

/**
 * Carries out the company writes for a contact: `createOrUpdateCompany` then
 * `attachContactToACompany` per company, in order.
 */
export async function writeCompanies(ctx: CanonicalContext, contactId: string, companies: CompanyWrite[]): Promise<void> {
  for (const [index, company] of companies.entries()) {
    let companyId = company.id;
    if (company.upsert) {
      // The attach needs the upserted company's id; the later companies' calls come after it.
      const then = [...new Set(['attachContactToACompany', ...companySteps(companies.slice(index + 1))])];
      const answer = await ctx.call('createOrUpdateCompany', { body: company.upsert }, { then });
      companyId = answer?.id;
    }
    // Undefined only if the upsert's answer had no id (its schema leaves it optional): the attach's
    // own schema then refuses the request, so nothing is sent for it.
    await ctx.call('attachContactToACompany', { path: [contactId], body: { id: companyId! } }, { independent: true });
  }
}

/** Returns the v1 body when it is an object, else an INVALID_PARAMS naming `$body`. */
export function requireBody(ctx: CanonicalContext, params: Record<string, any>): Record<string, any> {
  const body = params.$body;
  if (!isObject(body)) {
    throw new InvalidParamsError(`${ctx.operation}: $body is required`, {
      operation: ctx.operation,
      issues: [{ path: '/$body', message: 'is required' }],
    });
  }
  return body;
}
