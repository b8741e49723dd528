/**
 * Operations as tools: one tool per selected operation, named by the operation name (see
 * names.ts), with its params schema as input, its result schema as output where that describes an
 * object, the three behaviour hints, and a plain-text description.
 */
import type { JsonSchema, OperationEntry } from '../entry/index.js';
import { isDestructive, isIdempotent } from './hints.js';
import { toolNameFor } from './names.js';
import { outputSchemaFrom, portableSchema } from './schema.js';
import { operationTags, selectOperations, type Operations, type ToolFilters } from './select.js';
import { capText, plainText } from './text.js';

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  /** Calls reach Intercom, an outside system; a dry run reaches nothing. */
  openWorldHint: boolean;
}

export interface ToolSpec {
  /** Tool name (matches TOOL_NAME_PATTERN). */
  name: string;
  /** Registry name of the operation it runs; null for the compact mode's two tools. */
  operation: string | null;
  /** Plain text, at most MAX_DESCRIPTION_LENGTH characters. */
  description: string;
  /** Portable form of the params schema (schema.ts): `type: "object"` at the top. */
  inputSchema: JsonSchema;
  /** From the operation's resultSchema where it describes an object; absent in a dry run (the answer is a plan). */
  outputSchema?: JsonSchema;
  annotations: ToolAnnotations;
}

export interface CatalogOptions extends ToolFilters {
  /** Spec version named in descriptions. */
  version: string;
  /** Tools answer plans: descriptions say so, and no output schema is declared. */
  dryRun?: boolean;
}

/** The result schema of an entry, where the registry has one (older registries do not). */
export function resultSchemaOf(entry: OperationEntry): unknown {
  return (entry as { resultSchema?: unknown }).resultSchema;
}

function sentence(text: string): string {
  const plain = plainText(text);
  return !plain || /[.!?…]$/.test(plain) ? plain : `${plain}.`;
}

function pagingHint(entry: OperationEntry): string {
  const properties = (entry.paramsSchema.properties ?? {}) as Record<string, unknown>;
  if (entry.kind === 'api' && entry.pagination) {
    return `Answers one page of rows${'per_page' in properties ? '; per_page sets how many' : ''}.`;
  }
  return '';
}

function effect(entry: OperationEntry, operations: Operations): string {
  if (entry.readOnly) return 'Read-only: writes nothing.';
  if (isDestructive(entry, operations)) return 'Writes, destructively: existing data may be deleted, archived, merged, detached, redacted or converted.';
  return 'Writes: adds or updates data.';
}

function route(entry: OperationEntry, operations: Operations, version: string): string {
  const tags = operationTags(entry, operations);
  const tagText = tags.length ? `; tags: ${tags.join(', ')}` : '';
  if (entry.kind === 'api') return `${entry.method} ${entry.path} (Intercom API ${version}${tagText}).`;
  const calls = entry.calls.length ? ` by calling ${entry.calls.join(', ')}` : '';
  const legacy = entry.legacy ? `${calls ? ' and' : ' on'} an endpoint the current spec lacks` : '';
  return `Legacy v1 operation, carried out on Intercom API ${version}${calls}${legacy}${tagText}.`;
}

/** A summary's share of a description, so that what follows it always fits. */
const MAX_SUMMARY_LENGTH = 600;

export function toolDescription(entry: OperationEntry, operations: Operations, options: CatalogOptions): string {
  const parts = [capText(sentence(entry.summary), MAX_SUMMARY_LENGTH), effect(entry, operations)];
  if (options.dryRun) parts.push('Dry run: answers the HTTP requests it would send; nothing is sent.');
  parts.push(route(entry, operations, options.version), pagingHint(entry));
  if (entry.kind === 'api' && entry.deprecated) parts.push('Deprecated by Intercom.');
  if (entry.kind === 'v1' && entry.dropped.length) {
    parts.push(`Fields the current API cannot write are dropped, with a warning: ${entry.dropped.join(', ')}.`);
  }
  return capText(parts.filter(Boolean).join(' '));
}

export function annotationsFor(entry: OperationEntry, operations: Operations, dryRun = false): ToolAnnotations {
  return {
    readOnlyHint: entry.readOnly,
    destructiveHint: isDestructive(entry, operations),
    idempotentHint: isIdempotent(entry, operations),
    openWorldHint: !dryRun,
  };
}

export function toolFor(entry: OperationEntry, operations: Operations, options: CatalogOptions): ToolSpec {
  const spec: ToolSpec = {
    name: toolNameFor(entry.name),
    operation: entry.name,
    description: toolDescription(entry, operations, options),
    inputSchema: portableSchema(entry.paramsSchema),
    annotations: annotationsFor(entry, operations, options.dryRun),
  };
  const outputSchema = options.dryRun ? undefined : outputSchemaFrom(resultSchemaOf(entry));
  if (outputSchema) spec.outputSchema = outputSchema;
  return spec;
}

/** One tool per selected operation, sorted by name; two operations that would share a tool name are a defect. */
export function buildTools(operations: Operations, options: CatalogOptions): ToolSpec[] {
  const tools = selectOperations(operations, options).map((entry) => toolFor(entry, operations, options));
  const seen = new Map<string, string>();
  for (const tool of tools) {
    const other = seen.get(tool.name);
    if (other !== undefined) throw new Error(`operations ${other} and ${tool.operation} would share the tool name ${tool.name}`);
    seen.set(tool.name, tool.operation!);
  }
  return tools;
}
