/**
 * Form strings coerced inside oneOf/anyOf/allOf (the coercion of the branch that validates is
 * kept; ambiguous values are left for validation to judge), only after params failed as they are;
 * and the listed integer-date-time rule: ISO 8601 strings accepted where the spec declares an
 * integer timestamp with `format: date-time`, sent as Unix seconds. Checked on the shipped
 * registry by dry run (the plan's body is what would be sent) and on small schemas directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { coerceParams, convertChecksBranches, EPOCH_SECONDS_COMMENT, epochSeconds, isEpochSecondsNode } from '../runtime/coerce.js';
import { createRunner, operations, type Runner } from '../entry/index.js';
import { loadAjv, ValidatorCache, validateParams } from '../runtime/params.js';
import type { JsonSchema } from '../runtime/registry-types.js';
import { failure } from './support/failure.js';

// A low-code step: names and values arrive as strings, so the runner is the untyped one (checked at run time).
const runner = createRunner({ dryRun: true }) as unknown as Runner;
const bodyOf = async (name: string, params: Record<string, unknown>) => (await runner.run(name, params)).requests[0].body;

describe('coercion inside oneOf/anyOf/allOf on the shipped operations', () => {
  it('UpdateContact ($body is a one-branch oneOf): "true" → true, timestamps as strings → integers', async () => {
    expect(operations.UpdateContact.paramsSchema.properties).toMatchObject({ $body: { oneOf: [{ $ref: expect.any(String) }] } });
    expect(await bodyOf('UpdateContact', { id: '1', $body: { unsubscribed_from_emails: 'true', last_seen_at: '1700000000' } })).toEqual({
      unsubscribed_from_emails: true,
      last_seen_at: 1700000000,
    });
  });

  it('CreateContact: "false" → false; null stays null', async () => {
    expect(await bodyOf('CreateContact', { $body: { email: 'a@example.com', unsubscribed_from_emails: 'false', signed_up_at: null } })).toEqual({
      email: 'a@example.com',
      unsubscribed_from_emails: false,
      signed_up_at: null,
    });
  });

  it('v1 create_event (identity anyOf beside its own properties): created_at "1700000000" → 1700000000', async () => {
    const plan = await runner.run('create_event', { $body: { event_name: 'ordered', created_at: '1700000000', user_id: 'u-1' } });
    expect(plan.requests[0]).toMatchObject({ method: 'POST', body: { event_name: 'ordered', created_at: 1700000000, user_id: 'u-1' } });
  });

  it('what coercion cannot fix is still named, with the coercible value coerced', async () => {
    const error = await failure(runner.run('UpdateContact', { id: '1', $body: { unsubscribed_from_emails: 'true', owner_id: 'nobody' } }));
    expect(error.code).toBe('INVALID_PARAMS');
    const paths = error.issues.map((i) => i.path);
    expect(paths).toContain('/$body/owner_id');
    expect(paths).not.toContain('/$body/unsubscribed_from_emails');
  });

  it('values the schema accepts as they are are never coerced (the search filter keeps "42" and 42 apart)', async () => {
    for (const value of ['42', 42, 'true', true]) {
      const body = await bodyOf('SearchContacts', { $body: { query: { field: 'custom_attributes.n', operator: '=', value } } });
      expect((body as { query: { value: unknown } }).query.value).toBe(value);
    }
  });
});

describe('the coercion rule on small schemas', () => {
  const cache = new ValidatorCache();
  // These checks compile with Ajv, which a cache imports on demand (validateParams does it itself).
  beforeAll(loadAjv);
  const coerce = (schema: JsonSchema, params: Record<string, unknown>) =>
    coerceParams(structuredClone(params), schema, cache.subschemaCheck(schema, 'test'));
  const object = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties, additionalProperties: false, ...extra });

  it('anyOf: the one branch that validates once coerced decides ("true" → true where integer or boolean)', () => {
    expect(coerce(object({ v: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] } }), { v: 'true' })).toEqual({ v: true });
    expect(coerce(object({ v: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] } }), { v: '7' })).toEqual({ v: 7 });
  });

  it('two branches that validate with different results: ambiguous, left as it is', () => {
    const schema = object({ v: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'integer' } }] } });
    expect(coerce(schema, { v: ['1', 2] })).toEqual({ v: ['1', 2] });
  });

  it('allOf: every part coerces', () => {
    const schema = object({ v: { allOf: [object({ n: { type: 'integer' } }), object({ b: { type: 'boolean' } })].map(({ additionalProperties, ...part }) => part) } });
    expect(coerce(schema, { v: { n: '5', b: 'false' } })).toEqual({ v: { n: 5, b: false } });
  });

  it('through $refs into $defs, inside array items of a oneOf branch', () => {
    const schema: JsonSchema = {
      ...object({ list: { oneOf: [{ type: 'array', items: { $ref: '#/$defs/item' } }, { type: 'null' }] } }),
      $defs: { item: object({ id: { type: 'integer' }, on: { type: 'boolean' } }) },
    };
    expect(coerce(schema, { list: [{ id: '1', on: 'true' }, { id: 2, on: false }] })).toEqual({ list: [{ id: 1, on: true }, { id: 2, on: false }] });
  });

  it('coercion runs only after a failed validation: valid params are returned unchanged', async () => {
    // A string is valid for this schema as it is, so "5" must stay "5" (the integer branch never gets a say).
    const schema = object({ v: { anyOf: [{ type: 'string' }, { type: 'integer' }] } });
    expect(await validateParams({ v: '5' }, schema, cache, 'test')).toEqual({ v: '5' });
    expect(await validateParams({ v: 5 }, schema, cache, 'test')).toEqual({ v: 5 });
  });
});

describe('rule integer-date-time (11 places in 2.10)', () => {
  function epochPlaces(schema: unknown, found: string[] = [], path = ''): string[] {
    if (Array.isArray(schema)) schema.forEach((s, i) => epochPlaces(s, found, `${path}/${i}`));
    else if (schema && typeof schema === 'object') {
      if (isEpochSecondsNode(schema as JsonSchema)) found.push(path);
      for (const [key, value] of Object.entries(schema)) epochPlaces(value, found, `${path}/${key}`);
    }
    return found;
  }

  it('each place is an anyOf of integer seconds and a date-time string, marked and described', () => {
    const places = Object.values(operations).flatMap((entry) => epochPlaces(entry.paramsSchema).map((p) => `${entry.name}${p}`));
    expect(places).toHaveLength(11);
    expect(places).toContain('UpdateContact/$defs/update_contact_request/properties/signed_up_at');
    const node = (operations.UpdateContact.paramsSchema.$defs as Record<string, any>).update_contact_request.properties.signed_up_at;
    expect(node).toMatchObject({
      $comment: EPOCH_SECONDS_COMMENT,
      description: expect.stringContaining('ISO 8601 date-time'),
      anyOf: [{ type: 'integer' }, { type: 'string', format: 'date-time' }, { type: 'null' }],
    });
    // No integer with a string format is left anywhere.
    expect(JSON.stringify(operations)).not.toMatch(/"type":(\["integer","null"\]|"integer"),"format":"date-time"/);
  });

  it('converting checks union branches only where convertParams would: a union of two real branches around the places', () => {
    const place = { $comment: EPOCH_SECONDS_COMMENT, anyOf: [{ type: 'integer' }, { type: 'string', format: 'date-time' }, { type: 'null' }] };
    const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): JsonSchema => ({ type: 'object', properties, ...extra });
    // The place's own anyOf, a one-branch wrapper and a nullable union are converted without a check.
    expect(convertChecksBranches(object({ at: place }))).toBe(false);
    expect(convertChecksBranches(object({ $body: { oneOf: [{ $ref: '#/$defs/b' }] } }, { $defs: { b: object({ at: place }) } }))).toBe(false);
    expect(convertChecksBranches(object({ $body: { anyOf: [object({ at: place }), { type: 'null' }] } }))).toBe(false);
    // Two real branches (in $defs too) are checked; without any place nothing is converted, so nothing checked.
    expect(convertChecksBranches(object({ $body: { anyOf: [object({ at: place }), object({ id: { type: 'string' } })] } }))).toBe(true);
    expect(convertChecksBranches(object({ $body: { $ref: '#/$defs/b' } }, { $defs: { b: { ...object({ at: place }), oneOf: [{ required: ['at'] }, { required: ['id'] }] } } }))).toBe(true);
    expect(convertChecksBranches(object({ v: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }))).toBe(false);
    // The shipped operations: only CreateContact and createDataEvent have such unions (their bodies' anyOf of required names).
    const checked = Object.values(operations).filter((entry) => entry.kind === 'api' && convertChecksBranches(entry.paramsSchema)).map((entry) => entry.name);
    expect(checked.sort()).toEqual(['CreateContact', 'createDataEvent']);
  });

  it('an ISO 8601 date-time is sent as Unix seconds (time zones honoured); seconds and null pass as they are', async () => {
    expect(await bodyOf('UpdateContact', { id: '1', $body: { signed_up_at: '2024-01-02T03:04:05Z', last_seen_at: 1700000000 } })).toEqual({
      signed_up_at: 1704164645,
      last_seen_at: 1700000000,
    });
    expect(await bodyOf('createDataEvent', { $body: { event_name: 'x', user_id: 'u', created_at: '2024-01-02T03:04:05.999+01:00' } })).toMatchObject({
      created_at: 1704161045,
    });
    expect(await bodyOf('dataEventSummaries', { $body: { user_id: 'u', event_summaries: { event_name: 'x', count: '3', first: '2024-01-02T03:04:05Z' } } })).toEqual({
      user_id: 'u',
      event_summaries: { event_name: 'x', count: 3, first: 1704164645 },
    });
  });

  it('a string that is neither seconds nor a date-time is INVALID_PARAMS naming the field, nothing planned', async () => {
    const error = await failure(runner.run('CreateContact', { $body: { email: 'a@example.com', signed_up_at: 'yesterday' } }));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.issues.map((i) => i.path)).toContain('/$body/signed_up_at');
    // A date without a time zone is not an RFC 3339 date-time either.
    expect((await failure(runner.run('CreateContact', { $body: { email: 'a@example.com', signed_up_at: '2024-01-02T03:04:05' } }))).code).toBe('INVALID_PARAMS');
  });

  it('epochSeconds: floored seconds, lower-case t/z, a leap second counted as :59', () => {
    expect(epochSeconds('1970-01-01T00:00:01.9Z')).toBe(1);
    expect(epochSeconds('2024-01-02t03:04:05z')).toBe(1704164645);
    expect(epochSeconds('2016-12-31T23:59:60Z')).toBe(epochSeconds('2016-12-31T23:59:59Z'));
    expect(epochSeconds('not a date')).toBeUndefined();
  });
});
