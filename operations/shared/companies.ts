/**
 * Companies: finding the one company a v1 `company_id` or `name` names, and the v1 company
 * model as createOrUpdateCompany can write it.
 */
import { AmbiguousError, ApiError, NotFoundError } from '../../runtime/errors.js';
import type { CanonicalContext, TargetBody, TargetResult, TargetRow, WithId } from '../types.js';
import { ATTRIBUTE_VALUE_SCHEMA, oneKey } from './rules.js';

/** The createOrUpdateCompany body. */
export type CompanyBody = TargetBody<'createOrUpdateCompany'>;

/** A company of the list retrieveCompany answers. */
type CompanyRow = TargetRow<'retrieveCompany'>;
/** The company list the description declares, or (some deployments) the company itself. */
type CompanyLookupAnswer = TargetResult<'retrieveCompany'> | CompanyRow | null;

export type FoundCompany = WithId<CompanyRow>;

/**
 * Finds exactly one company with `retrieveCompany` by `company_id` or `name`. 2.x answers a
 * company list (the spec), some deployments the company itself, and 404 when there is none: all
 * three are handled; none → NOT_FOUND, several → AMBIGUOUS (nothing is written after it).
 * `then` names the steps that may follow the lookup (a dry run stops at it and names them).
 */
export async function findCompany(
  ctx: CanonicalContext,
  key: 'company_id' | 'name',
  value: string,
  then?: readonly string[],
): Promise<FoundCompany> {
  const lookup = { [key]: value };
  const notFound = () =>
    new NotFoundError(`${ctx.operation}: no company with ${key} ${JSON.stringify(value)}`, {
      operation: ctx.operation,
      lookup,
    });
  let answer: CompanyLookupAnswer;
  try {
    // Widened: what some deployments answer too.
    answer = (await ctx.call('retrieveCompany', { query: oneKey(key, value) }, { then })) as CompanyLookupAnswer;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound();
    throw error;
  }
  if (answer && answer.type === 'company' && typeof answer.id === 'string') return answer as FoundCompany;
  const data = answer && typeof answer === 'object' && 'data' in answer ? answer.data : undefined;
  const rows = (Array.isArray(data) ? data.filter(Boolean) : []) as FoundCompany[];
  // Exact matches first (the API's name filter may be looser); otherwise what the API matched.
  const exact = rows.filter((row) => row[key] === value);
  const matches = exact.length ? exact : rows;
  if (matches.length === 0) throw notFound();
  if (matches.length > 1) {
    throw new AmbiguousError(`${ctx.operation}: ${matches.length} companies match ${key} ${JSON.stringify(value)}; nothing was written`, {
      operation: ctx.operation,
      lookup,
    });
  }
  return matches[0];
}

/** The fields of the v1 company model that createOrUpdateCompany writes. */
export const WRITABLE_COMPANY_FIELDS = [
  'name',
  'company_id',
  'plan',
  'size',
  'website',
  'industry',
  'custom_attributes',
  'remote_created_at',
  'monthly_spend',
] as const satisfies ReadonlyArray<keyof CompanyBody>;

function isWritableCompanyField(field: string): field is (typeof WRITABLE_COMPANY_FIELDS)[number] {
  return (WRITABLE_COMPANY_FIELDS as readonly string[]).includes(field);
}

/** Fields of the v1 company model that 2.x computes or cannot write. */
export const READ_ONLY_COMPANY_FIELDS = [
  'id',
  'type',
  'created_at',
  'updated_at',
  'last_request_at',
  'user_count',
  'session_count',
] as const;

/** JSON Schema of the v1 company model as create_company / update_company accept it. */
export const companyBodySchema = {
  type: 'object',
  properties: {
    company_id: { type: 'string', description: 'Your id for the company: the key Intercom looks the company up by.' },
    name: { type: 'string', description: 'Name of the company.' },
    plan: { type: 'string', description: 'Name of the plan associated with the company.' },
    size: { type: 'integer', description: 'Number of employees.' },
    website: { type: 'string', description: 'URL of the company website.' },
    industry: { type: 'string', description: 'Industry the company operates in.' },
    custom_attributes: {
      type: 'object',
      description: 'Custom attributes: name → value (string, number or boolean).',
      additionalProperties: ATTRIBUTE_VALUE_SCHEMA,
    },
    remote_created_at: { type: 'integer', description: 'When you created the company (epoch seconds).' },
    monthly_spend: {
      type: 'number',
      description: 'Revenue from the company; Intercom keeps whole numbers (155.98 → 155, as v1 did).',
    },
    id: { type: 'string', description: 'Intercom id (read-only: dropped with a warning).' },
    type: { type: 'string', description: 'Model type (read-only: dropped with a warning).' },
    created_at: { type: 'integer', description: 'Read-only: dropped with a warning.' },
    updated_at: { type: 'integer', description: 'Read-only: dropped with a warning.' },
    last_request_at: { type: 'integer', description: 'Read-only: dropped with a warning.' },
    user_count: { type: 'integer', description: 'Read-only: dropped with a warning.' },
    session_count: { type: 'integer', description: 'Read-only: dropped with a warning.' },
  },
  // Other v1 model fields (tags, segments, plan objects read back from v1, …) are dropped with a warning.
  additionalProperties: true,
};

/**
 * The createOrUpdateCompany body: writable fields only (`label` prefixes the field names warned
 * about, e.g. "companies[0]." inside a user body); every other field present is reported
 * through ctx.warn and not sent. `monthly_spend` is truncated to a whole number (2.x declares an
 * integer; v1 truncated floats the same way).
 */
export function companyWriteBody(ctx: CanonicalContext, body: Record<string, unknown>, label = ''): CompanyBody {
  const out: CompanyBody = {};
  // The v1 params schema has checked each value; this checks the names written.
  const write = <K extends keyof CompanyBody>(key: K, value: CompanyBody[K]) => {
    out[key] = value;
  };
  for (const [field, value] of Object.entries(body ?? {})) {
    if (value === undefined) continue;
    if (isWritableCompanyField(field)) {
      write(field, (field === 'monthly_spend' && typeof value === 'number' ? Math.trunc(value) : value) as CompanyBody[typeof field]);
    } else {
      ctx.warn(`${label}${field}`, `${label}${field} is not writable with the current API (createOrUpdateCompany); it was not sent`);
    }
  }
  return out;
}
