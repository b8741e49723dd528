/**
 * Registry names: an API operation's operationId exactly as the spec spells it, else the name
 * derived from method and path (`deriveOperationName` in spec/model.ts); v1 names are snake_case.
 * Every name must also be usable as a function name in generated/client.ts, and a collision of
 * any two names fails generation (`assertUniqueNames`), never silently renames.
 */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Words TypeScript will not accept as a function name in generated/client.ts. */
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield await')
    .split(' '),
);

/** Names generated/client.ts declares or re-exports itself (templates/client.ts.hbs): an operation must not shadow them. */
const CLIENT_NAMES = new Set([
  'call', 'createClient', 'createIntercomClient', 'mergeHeaders', 'OPERATION_ROUTES', 'REGION_BASE_URLS', 'SPEC_VERSION', 'INTERCOM_VERSION', 'clientTransport', 'ClientRoute',
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
