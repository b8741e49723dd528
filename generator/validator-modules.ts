/**
 * Precompiled params validators: Ajv's standalone code for the paramsSchema of every API operation
 * of a version, one module per distinct schema (generated/<version>/validators/<hash>.ts), and an
 * index (validators.ts) that imports each operation's module the first time it is called. The
 * runtime then validates params without importing Ajv (runtime/params.ts), which is most of what a
 * process pays before its first call (bench/startup.ts), and without `new Function` at run time.
 *
 * v1 operations are not precompiled: their bindings validate translated requests synchronously,
 * so the runtime imports Ajv before a binding runs anyway.
 *
 * The code is what Ajv writes, with its two `require`s (ajv's string length, ajv-formats' formats)
 * turned into an import of runtime/standalone-support.ts; any other `require` fails generation.
 */
import { createHash } from 'node:crypto';
import ajvStandalone from 'ajv/dist/standalone/index.js';
import { createAjv, linearErrors } from '../runtime/ajv.js';
import type { ApiOperationEntry, OperationEntry } from '../runtime/registry-types.js';
import type { OutputFile } from './output.js';
import { tsString } from './render.js';

// CommonJS: the default import is `module.exports`, whose `default` is the function (as runtime/ajv.ts).
const standaloneCode = ajvStandalone.default;

/** The folder of the per-schema modules, inside the version's folder. */
export const VALIDATORS_FOLDER = 'validators';
/** The index of the modules, beside the folder. */
const INDEX_FILE = 'validators.ts';
/** Hex digits of a schema's sha256 that name its module: 64 bits. */
const MODULE_HASH_DIGITS = 16;
/** The names this module writes, inside a version's folder or under the output root (<version>/…). */
const OUTPUT_NAME = new RegExp(`^(?:[^/]+/)?(?:${INDEX_FILE.replace('.', '\\.')}|${VALIDATORS_FOLDER}/[0-9a-f]{${MODULE_HASH_DIGITS}}\\.ts)$`);

/** Whether `name` is one of the files validatorModuleFiles writes (the index or a per-schema module). */
export function isValidatorOutputName(name: string): boolean {
  return OUTPUT_NAME.test(name);
}

/**
 * The quick validator's options as the runtime has them (runtime/ajv.ts, first error only), minus
 * what standalone code does not need: the meta-schema check (the gate compiled every schema
 * already), messages (only pass/fail of a quick validator is read: failed params are explained by
 * Ajv at run time) and inlined `$ref`s (each `$defs` entry once per module, not at every use).
 */
const STANDALONE_OPTIONS = {
  allErrors: false,
  validateSchema: false,
  messages: false,
  inlineRefs: false,
  code: { source: true, esm: true, lines: false },
} as const;

/** What Ajv's code requires → the name runtime/standalone-support.ts exports for it. */
const REQUIRES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'require("ajv/dist/runtime/ucs2length").default', name: 'ucs2length' },
  { code: 'require("ajv-formats/dist/formats").fullFormats', name: 'fullFormats' },
];

/** One schema's standalone module (without its header), its requires turned into imports. */
export function standaloneModule(schema: object, supportModule: string, where: string): string {
  const ajv = createAjv(undefined, STANDALONE_OPTIONS);
  let code = linearErrors(standaloneCode(ajv, ajv.compile(schema)));
  const imports: string[] = [];
  for (const { code: required, name } of REQUIRES) {
    if (!code.includes(required)) continue;
    code = code.split(required).join(name);
    imports.push(name);
  }
  const stray = /require\([^)]*\)/.exec(code);
  if (stray) throw new Error(`${where}: Ajv's standalone code requires ${stray[0]}, which runtime/standalone-support.ts does not provide`);
  return [
    "// @ts-nocheck: Ajv's standalone code (plain JavaScript), as Ajv writes it.",
    ...(imports.length ? [`import { ${imports.join(', ')} } from ${tsString(supportModule)};`] : []),
    code,
    '',
  ].join('\n');
}

/**
 * validators.ts and validators/<hash>.ts for the API operations of `entries`. `header` starts each
 * file; `runtimeDir` is the runtime folder as seen from the version's folder.
 */
export function validatorModuleFiles(entries: readonly OperationEntry[], header: string, runtimeDir: string): OutputFile[] {
  const api = entries.filter((entry): entry is ApiOperationEntry => entry.kind === 'api');
  const modules = new Map<string, OutputFile>();
  const schemaOf = new Map<string, string>();
  const lines: string[] = [];
  for (const entry of api) {
    const text = JSON.stringify(entry.paramsSchema);
    // Named by content: operations with the same params schema share a module.
    const hash = createHash('sha256').update(text).digest('hex').slice(0, MODULE_HASH_DIGITS);
    const name = `${VALIDATORS_FOLDER}/${hash}.ts`;
    // 64 bits of the hash name a module: two schemas sharing them must not share a validator.
    if (schemaOf.has(name) && schemaOf.get(name) !== text) throw new Error(`${entry.name}: its params schema's module name ${name} is another schema's`);
    if (!modules.has(name)) {
      schemaOf.set(name, text);
      modules.set(name, { name, content: `${header}\n${standaloneModule(entry.paramsSchema, `../${runtimeDir}/standalone-support.js`, entry.name)}` });
    }
    lines.push(`  ${tsString(entry.name)}: () => import(${tsString(`./${VALIDATORS_FOLDER}/${hash}.js`)}).then((module) => module.default),`);
  }
  const index = [
    header,
    `import type { PrecompiledValidators } from ${tsString(`${runtimeDir}/params.js`)};`,
    '',
    '/**',
    " * The quick params validator of each API operation, precompiled (Ajv's standalone code), its module",
    ' * imported on first use. Literal specifiers, so a bundler sees every module.',
    ' */',
    'const validators: PrecompiledValidators = {',
    ...lines,
    '};',
    '',
    'export default validators;',
    '',
  ].join('\n');
  return [{ name: INDEX_FILE, content: index }, ...[...modules.values()].sort((a, b) => (a.name < b.name ? -1 : 1))];
}
