/**
 * Input checks the v1 operations share: the errors they throw before anything is sent, identifier
 * picking, id conversion where the target declares an integer inside a body the runtime cannot
 * coerce (oneOf/anyOf bodies), and reporting the v1 model fields the current API cannot write.
 */
import { InvalidParamsError, UnsupportedError } from '../../runtime/errors.js';
import type { BindingScope } from '../../runtime/binding-api.js';

/** INVALID_PARAMS naming one parameter (a JSON pointer into the params: "/$body/admin_id"). */
export function invalidParam(ctx: BindingScope, path: string, message: string): InvalidParamsError {
  return new InvalidParamsError(`${ctx.operation}: ${path} ${message}`, { operation: ctx.operation, issues: [{ path, message }] });
}

/** UNSUPPORTED naming the parameter and why the current API cannot honour it. */
export function unsupported(ctx: BindingScope, parameter: string, why: string): UnsupportedError {
  return new UnsupportedError(`${ctx.operation}: ${parameter} is not supported: ${why}`, { operation: ctx.operation, parameter });
}

/** A non-blank string (numbers from templates become their text); undefined otherwise. */
export function given(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `{ [key]: value }` typed as one object per possible key (`{ email } | { user_id }`), not an index signature. */
export type OneKey<K extends string, V> = K extends unknown ? { [P in K]: V } : never;

/**
 * An object of one property named `key`: for the bodies whose oneOf takes exactly one of several
 * identifiers (the customer of attachContactToConversation, a user's reply).
 */
export function oneKey<K extends string, V>(key: K, value: V): OneKey<K, V> {
  return { [key]: value } as OneKey<K, V>;
}

/** A plain object, or undefined. */
export function objectOf(value: unknown): Record<string, any> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
}

/**
 * JSON Schema `anyOf` for "at least one of these properties", for an object schema. Each branch
 * also says `type: object` and lists its property (as `{}`, which accepts anything: the parent's
 * own `properties` still validates the value), because strict Ajv rejects `required` without an
 * object type when a branch is compiled on its own (strictTypes) and a `required` name its
 * schema object does not declare (strictRequired). Validation is the same as `{ required: [name] }`.
 */
export function requireAnyOf(...names: string[]): Array<{ type: 'object'; properties: Record<string, object>; required: string[] }> {
  return names.map((name) => ({ type: 'object', properties: { [name]: {} }, required: [name] }));
}

const INTEGER = /^\d+$/;

/**
 * An id the target declares as an integer, inside a body the runtime leaves as is (its schema
 * branches with oneOf/anyOf, so there is no single declared type to coerce to). A non-numeric
 * string is INVALID_PARAMS, before any call.
 */
export function integerId(ctx: BindingScope, path: string, value: unknown): number {
  const text = given(value)?.trim();
  const n = text !== undefined && INTEGER.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidParam(ctx, path, 'must be a numeric id (the current API declares it as an integer)');
  return n;
}

/** The v1 identifiers of a person, strongest first: Intercom id, your user_id, email. */
export type PersonKey = 'id' | 'user_id' | 'email';

export interface PickedIdentifier {
  key: PersonKey;
  value: string;
  /** Where it was found (JSON pointer into the params), for error messages. */
  path: string;
}

/**
 * The strongest identifier given (v1 used the first of id, user_id, email that was set).
 * `names` maps each key to the v1 field name (`intercom_user_id` for the Intercom id in flat params).
 */
export function pickIdentifier(
  source: Record<string, any> | undefined,
  base: string,
  names: Partial<Record<PersonKey, string>> = { id: 'id', user_id: 'user_id', email: 'email' },
): PickedIdentifier | undefined {
  if (!source) return undefined;
  for (const key of ['id', 'user_id', 'email'] as const) {
    const name = names[key];
    if (!name) continue;
    const value = given(source[name]);
    if (value !== undefined) return { key, value, path: `${base}/${name}` };
  }
  return undefined;
}

/**
 * Reports (ctx.warn) each field of `source` that is present but not in `used`: v1 model fields
 * the current API cannot write. `prefix` names the enclosing field ("to." → "to.name").
 */
export function warnDropped(
  ctx: BindingScope,
  source: Record<string, any> | undefined,
  used: readonly string[],
  prefix: string,
  why: string,
): void {
  if (!source) return;
  for (const [key, value] of Object.entries(source)) {
    if (used.includes(key) || value === undefined) continue;
    ctx.warn(`${prefix}${key}`, `${prefix}${key} is dropped: ${why}`);
  }
}

/**
 * A custom attribute or event metadata value as the current API stores it (spec fix
 * scalar-attribute-values). anyOf, not a type array: strict Ajv allows type arrays only for null.
 */
export const ATTRIBUTE_VALUE_SCHEMA = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };
