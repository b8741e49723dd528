/** `list` and `describe`: what the registry holds, for people (text) and programs (--json). */
import { exampleParams } from '../runtime/example-params.js';
import { operations, DEFAULT_VERSION } from '../entry/index.js';
import { unknownOperation } from '../runtime/suggest.js';
import type { OperationEntry } from '../runtime/registry-types.js';

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
  const described = { ...summaryRow(entry), version: DEFAULT_VERSION, paramsSchema: entry.paramsSchema, example };
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
  lines.push('', 'parameters (JSON Schema):', JSON.stringify(entry.paramsSchema, null, 2), '', 'example:', `  ${example.command}`);
  return `${lines.join('\n')}\n`;
}
