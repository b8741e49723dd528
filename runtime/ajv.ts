/**
 * The one Ajv configuration: the runtime validates params with it, the generator's gate
 * (generator/ajv-check.ts) compiles every paramsSchema with it before anything is written.
 * Fully strict (`strictTypes` and `strictRequired` included), so a schema keyword Ajv does not
 * understand, a keyword without its type, or a `required` name no `properties` declares is a
 * generation bug found at once, not a silently unchecked parameter. The generator normalises the
 * OpenAPI schemas so they pass (generator/transform/schema.ts normalizeForStrict).
 * No `coerceTypes` (see coerce.ts: it breaks the search filter's string-or-integer `oneOf`).
 */
import ajvModule, { type Ajv as AjvCore, type Options } from 'ajv';
import formatsModule from 'ajv-formats';
import { ConfigError } from './errors.js';

// Ajv and ajv-formats are CommonJS: the default import is `module.exports`, whose `default` is the
// constructor (plugin) in Node and in bundlers alike. Static imports (not createRequire) so that
// a bundler sees and includes them.
const Ajv = ajvModule.default;
const addFormats = formatsModule.default;

export type { AjvCore };

/**
 * Ajv appends the errors of a separately compiled (recursive or shared) subschema with
 * `vErrors = vErrors.concat(refErrors)`, which copies every error found so far at each call:
 * with `allErrors`, 8,000 invalid search filter items took 0.7 s and 50,000 took minutes. The
 * generated code is rewritten (Ajv's `code.process` hook) to append in place, which keeps
 * validation linear in the number of errors. The pattern is asserted by test/validation-scale.
 */
export const CONCAT_ERRORS = /vErrors === null \? ([\w$.]+) : vErrors\.concat\(\1\)/g;
const APPEND_IN_PLACE = '(function (all, more) { for (let i = 0; i < more.length; i++) all.push(more[i]); return all; })';

export function linearErrors(code: string): string {
  return code.replace(CONCAT_ERRORS, (_, errors: string) => `vErrors === null ? ${errors} : ${APPEND_IN_PLACE}(vErrors, ${errors})`);
}

export const AJV_OPTIONS: Options = {
  strict: true,
  allErrors: true,
  code: { process: linearErrors },
};

/**
 * An Ajv for draft-07 schemas, the dialect the generator writes (no schema declares another
 * `$schema`). A registry that names another dialect is refused rather than checked by the wrong rules.
 */
export function createAjv(dialect?: string, extra: Options = {}): AjvCore {
  if (dialect !== undefined && !dialect.includes('draft-07')) {
    throw new ConfigError(`schemas declare $schema ${JSON.stringify(dialect)}; only draft-07 is supported`);
  }
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra, code: { ...AJV_OPTIONS.code, ...extra.code } });
  // ajv-formats only: the generator rewrites every other format (FORMAT_RULES), so none is needed.
  addFormats(ajv);
  return ajv;
}
