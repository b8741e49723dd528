/**
 * The one Ajv configuration: the runtime validates params with it, the generator's gate
 * (generator/ajv-check.ts) compiles every paramsSchema with it before anything is written.
 * Fully strict (`strictTypes` and `strictRequired` included), so a schema keyword Ajv does not
 * understand, a keyword without its type, or a `required` name no `properties` declares is a
 * generation bug found at once, not a silently unchecked parameter. The generator normalises the
 * OpenAPI schemas so they pass (generator/transform/schema.ts normalizeForStrict).
 * No `coerceTypes` (see coerce.ts: it breaks the search filter's string-or-integer `oneOf`).
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvCore, Options } from 'ajv';

// Ajv and ajv-formats are CommonJS; createRequire gives their real constructors under NodeNext.
const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as typeof AjvCore;
const Ajv2019 = require('ajv/dist/2019').default as typeof AjvCore;
const Ajv2020 = require('ajv/dist/2020').default as typeof AjvCore;
const addFormats = require('ajv-formats').default as (ajv: AjvCore) => AjvCore;

export type { AjvCore };

export const AJV_OPTIONS: Options = {
  strict: true,
  allErrors: true,
};

/** Picks the Ajv dialect the registry's schemas declare (`$schema`), draft-07 when they do not say. */
export function createAjv(dialect?: string, extra: Options = {}): AjvCore {
  const Class = dialect?.includes('2020-12') ? Ajv2020 : dialect?.includes('2019-09') ? Ajv2019 : Ajv;
  const ajv = new Class({ ...AJV_OPTIONS, ...extra });
  // ajv-formats only: the generator rewrites every other format (FORMAT_RULES), so none is needed.
  addFormats(ajv);
  return ajv;
}
