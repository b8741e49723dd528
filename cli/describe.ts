/** `list` and `describe`: what the registry holds, for people (text) and programs (--json). */
import { exampleParams } from '../runtime/example-params.js';
import { operations, DEFAULT_VERSION } from '../entry/index.js';
import { unknownOperation } from '../runtime/suggest.js';
import type { JsonSchema, OperationEntry } from '../runtime/registry-types.js';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function target(entry: OperationEntry): string {
  return entry.kind === 'api' ? `${entry.method} ${entry.path}` : `calls ${entry.calls.join(', ') || '(legacy endpoint)'}`;
}

function flags(entry: OperationEntry): string[] {
  const out: string[] = [];
  if (entry.readOnly) out.push('readOnly');
  if (entry.kind === 'v1' && entry.legacy) out.push('legacy');
  if (entry.kind === 'v1' && entry.unavailable) out.push('unavailable');
  if (entry.kind === 'api' && entry.deprecated) out.push('deprecated');
  return out;
}

function summaryRow(entry: OperationEntry) {
  const common = { name: entry.name, kind: entry.kind, summary: entry.summary, readOnly: entry.readOnly };
  return entry.kind === 'api'
    ? { ...common, method: entry.method, path: entry.path }
    : { ...common, calls: entry.calls, legacy: entry.legacy, mapped: entry.mapped, dropped: entry.dropped };
}

export function listOperations(kind: 'v1' | 'api' | undefined, asJson: boolean): string {
  const entries = Object.values(operations)
    .filter((entry) => !kind || entry.kind === kind)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (asJson) return json({ version: DEFAULT_VERSION, operations: entries.map(summaryRow) });
  const width = Math.max(...entries.map((e) => e.name.length));
  const lines = entries.map((e) => {
    const marks = flags(e).length ? ` [${flags(e).join(', ')}]` : '';
    return `${e.name.padEnd(width)}  ${e.kind.padEnd(3)}  ${target(e)}${marks}  ${e.summary}`;
  });
  return `Intercom API ${DEFAULT_VERSION}: ${entries.length} operations\n${lines.join('\n')}\n`;
}

/** A schema's type in a word or two ("string", "array of object", "object|null"). */
function typeWord(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  const type = Array.isArray(schema.type) ? schema.type.join('|') : typeof schema.type === 'string' ? schema.type : undefined;
  if (type === 'array') return `array of ${typeWord(schema.items as JsonSchema | undefined)}`;
  if (type) return type;
  if (typeof schema.$ref === 'string') return schema.$ref.replace('#/$defs/', '');
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return branches ? branches.map(typeWord).join(' or ') : 'any';
}

/**
 * The fields a later workflow step can map from an answer: the top-level properties of the
 * schema and of its anyOf/oneOf/allOf shapes (following a `$ref` into its `$defs`), with their types.
 */
export function outputFields(schema: JsonSchema | null): Array<{ field: string; type: string }> {
  if (!schema) return [];
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  const fields = new Map<string, string>();
  const visit = (node: JsonSchema | undefined, depth: number): void => {
    if (!node || depth > 4) return;
    const ref = typeof node.$ref === 'string' ? defs[node.$ref.replace('#/$defs/', '')] : undefined;
    if (ref) return visit(ref, depth + 1);
    for (const [field, property] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) {
      if (!fields.has(field)) fields.set(field, typeWord(property));
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) for (const branch of (node[key] ?? []) as JsonSchema[]) visit(branch, depth + 1);
  };
  visit(schema, 0);
  return [...fields].map(([field, type]) => ({ field, type }));
}

function fieldLines(title: string, schema: JsonSchema | null): string[] {
  if (!schema) return [`${title}: none (the answer has no body)`];
  const fields = outputFields(schema);
  if (!fields.length) return [`${title}: ${typeWord(schema)}${schema.description ? ` (${String(schema.description)})` : ''}`];
  return [`${title}:`, ...fields.map(({ field, type }) => `  ${field}: ${type}`)];
}

export function describeOperation(name: string, asJson: boolean): string {
  // Own names only: `constructor` or `__proto__` would otherwise find Object.prototype's members.
  const entry = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!entry) throw unknownOperation(name, Object.keys(operations));
  // The catalog's hand-written call (JSON Schema `examples`) where there is one: rules such as
  // "user_id or email" are not in the schema, so a call derived from it alone may be invalid.
  const examples = entry.paramsSchema.examples;
  const params =
    Array.isArray(examples) && examples[0] && typeof examples[0] === 'object'
      ? (structuredClone(examples[0]) as Record<string, unknown>)
      : exampleParams(entry.paramsSchema);
  const example = {
    params,
    command: `intercom-ops run ${name} --params '${JSON.stringify(params)}' --dry-run`,
  };
  const described = {
    ...summaryRow(entry),
    version: DEFAULT_VERSION,
    paramsSchema: entry.paramsSchema,
    outputFields: outputFields(entry.resultSchema),
    resultSchema: entry.resultSchema,
    ...(entry.rowSchema ? { rowFields: outputFields(entry.rowSchema), rowSchema: entry.rowSchema } : {}),
    example,
  };
  if (entry.kind === 'v1') Object.assign(described, { resolvedCalls: entry.resolvedCalls, unavailable: entry.unavailable });
  if (asJson) return json(described);
  const lines = [
    `${entry.name} (${entry.kind}${flags(entry).length ? `, ${flags(entry).join(', ')}` : ''}) — Intercom API ${DEFAULT_VERSION}`,
    entry.summary,
    '',
    entry.kind === 'api'
      ? `${entry.method} ${entry.path}`
      : `calls: ${entry.resolvedCalls.map((c) => `${c.name} (${c.method} ${c.path})`).join(' → ') || 'legacy endpoint only'}`,
  ];
  if (entry.kind === 'v1') {
    if (entry.unavailable) lines.push(`unavailable in this version: ${entry.unavailable}`);
    const mapped = Object.entries(entry.mapped);
    if (mapped.length) lines.push(`mapped: ${mapped.map(([from, to]) => `${from} → ${to}`).join('; ')}`);
    if (entry.dropped.length) lines.push(`dropped (reported through onWarning): ${entry.dropped.join(', ')}`);
  }
  lines.push('', ...fieldLines('output fields (resultSchema; describe --json for the schema)', entry.resultSchema));
  if (entry.rowSchema) lines.push('', ...fieldLines('row fields (one line of run --all; rowSchema)', entry.rowSchema));
  lines.push('', 'parameters (JSON Schema):', JSON.stringify(entry.paramsSchema, null, 2), '', 'example:', `  ${example.command}`);
  return `${lines.join('\n')}\n`;
}
