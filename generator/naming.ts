/**
 * Registry names. An API operation is named by its operationId exactly as the spec spells it.
 * Where the spec has none (four operations from 2.14 on), the name is derived by one rule:
 *
 *   lower-case HTTP method, then for each path segment in order:
 *     a literal segment → its words (split on anything not a letter or digit) in PascalCase;
 *     a `{param}` segment → "By" + the parameter's words in PascalCase.
 *
 *   GET  /export/reporting_data/{job_identifier}  →  getExportReportingDataByJobIdentifier
 *   POST /export/reporting_data/enqueue           →  postExportReportingDataEnqueue
 *
 * Derived names are camelCase starting with a lower-case verb; v1 names are snake_case; a
 * collision of any two names fails generation (`assertUniqueNames`), never silently renames.
 */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

function pascalWords(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

export function deriveOperationName(method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const parts = segments.map((segment) => {
    const param = /^\{(.+)\}$/.exec(segment);
    return param ? `By${pascalWords(param[1]!)}` : pascalWords(segment);
  });
  return method.toLowerCase() + parts.join('');
}

/** Words TypeScript will not accept as a function name in generated/client.ts. */
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield await')
    .split(' '),
);

/** Names generated/client.ts declares or re-exports itself (templates/client.ts.hbs): an operation must not shadow them. */
const CLIENT_NAMES = new Set([
  'call', 'createClient', 'createIntercomClient', 'mergeHeaders', 'OPERATION_ROUTES', 'REGION_BASE_URLS', 'SPEC_VERSION',
  'paths', 'components', 'operations',
]);

export function assertValidName(name: string, where: string): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`${where}: name "${name}" does not match ${NAME_PATTERN}`);
  if (RESERVED.has(name)) throw new Error(`${where}: name "${name}" is a reserved word in TypeScript`);
  if (CLIENT_NAMES.has(name)) throw new Error(`${where}: name "${name}" clashes with a declaration of generated/client.ts`);
}

/** Fails on the first name used twice, naming both owners. */
export function assertUniqueNames(owners: Array<{ name: string; where: string }>): void {
  const seen = new Map<string, string>();
  for (const { name, where } of owners) {
    const first = seen.get(name);
    if (first) throw new Error(`name collision: "${name}" is used by ${first} and by ${where}`);
    seen.set(name, where);
  }
}
