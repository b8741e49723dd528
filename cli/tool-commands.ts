/**
 * `mcp` and `export tools`: the same selection of operations (filters, version, compact mode)
 * served over MCP or written as tool definitions.
 */
import type { Readable, Writable } from 'node:stream';
import { createRunner, DEFAULT_VERSION, operationsOf, type Region, type RunOptions } from '../entry/index.js';
import { resolveOptions } from '../runtime/options.js';
import { PACKAGE_VERSION } from '../runtime/package-version.js';
import { buildTools, type ToolSpec } from '../tools/catalog.js';
import { compactTools, FIND_TOOL, RUN_TOOL } from '../tools/compact.js';
import { exportTools, FORMAT_LIMITS, TOOL_FORMATS, type ToolFormat } from '../tools/formats.js';
import { ToolFilterError, type ToolFilters } from '../tools/select.js';
import { EXIT_OK } from './exit-codes.js';
import { loadMcpSdk, serveMcp } from './mcp.js';

export interface ToolSelection extends ToolFilters {
  version?: string;
  compact?: boolean;
}

export interface ToolCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  fetch?: typeof globalThis.fetch;
  stdin?: Readable;
  stdoutStream?: Writable;
}

/** A comma list of a filter: "a, b" → ["a", "b"]; an empty list is a usage error. */
export function commaList(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (!items.length) throw new ToolFilterError(`${flag} needs a comma-separated list`);
  return items;
}

export function selectionFrom(values: {
  'read-only'?: boolean;
  kind?: string;
  operations?: string;
  tags?: string;
  version?: string;
  compact?: boolean;
}): ToolSelection {
  if (values.kind !== undefined && values.kind !== 'v1' && values.kind !== 'api') throw new ToolFilterError('--kind must be v1 or api');
  return {
    readOnly: Boolean(values['read-only']),
    kind: values.kind as 'v1' | 'api' | undefined,
    operations: commaList(values.operations, '--operations'),
    tags: commaList(values.tags, '--tags'),
    version: values.version,
    compact: Boolean(values.compact),
  };
}

/** The per-operation tools of the selection (never empty) and the tools to offer (those, or the compact two). */
/**
 * The per-operation tools of the selection (never empty) and the tools to offer (those, or the
 * compact two), from the operations of the selected version (`--version`: its own names and params).
 */
export async function selectTools(
  selection: ToolSelection,
  dryRun = false,
): Promise<{ operationTools: ToolSpec[]; offered: ToolSpec[]; operations: Awaited<ReturnType<typeof operationsOf>> }> {
  const operations = await operationsOf(selection.version, 'tools');
  const operationTools = buildTools(operations, { ...selection, version: selection.version ?? DEFAULT_VERSION, dryRun });
  if (!operationTools.length) throw new ToolFilterError('no operation matches these filters');
  return { operationTools, offered: selection.compact ? compactTools(operationTools, { dryRun }) : operationTools, operations };
}

export async function exportToolsCommand(selection: ToolSelection, format: string | undefined, io: ToolCommandIo): Promise<number> {
  if (!TOOL_FORMATS.includes(format as ToolFormat)) throw new ToolFilterError(`--format must be one of ${TOOL_FORMATS.join(', ')}`);
  const { offered } = await selectTools(selection);
  const most = FORMAT_LIMITS[format as ToolFormat].maxToolsPerRequest;
  if (most !== undefined && offered.length > most) {
    io.stderr(`${JSON.stringify({ warning: `${format} takes at most ${most} tools per request; these are ${offered.length}: narrow them with filters or use --compact` })}\n`);
  }
  io.stdout(`${JSON.stringify(exportTools(offered, format as ToolFormat), null, 2)}\n`);
  return EXIT_OK;
}

export interface McpCommandOptions extends ToolSelection {
  region?: string;
  baseUrl?: string;
  dryRun?: boolean;
}

function instructions(options: McpCommandOptions, count: number): string {
  const version = options.version ?? DEFAULT_VERSION;
  return [
    `Intercom operations (API ${version}) as tools: ${count} operation${count === 1 ? '' : 's'}${options.readOnly ? ', all read-only' : ''}.`,
    options.compact ? `Find an operation with ${FIND_TOOL}, then run it with ${RUN_TOOL}.` : '',
    'Params are checked before anything is sent; a failure is a tool error whose code, message and issues name what to correct.',
    options.dryRun ? 'Dry run: every call answers the HTTP requests it would send; nothing is sent.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export async function mcpCommand(options: McpCommandOptions, io: ToolCommandIo): Promise<number> {
  const { operationTools, offered, operations } = await selectTools(options, options.dryRun);
  const sdk = await loadMcpSdk();
  const token = io.env.INTERCOM_TOKEN || undefined;
  const runOptions: RunOptions = {
    token,
    region: options.region as Region | undefined,
    baseUrl: options.baseUrl,
    version: options.version,
    dryRun: Boolean(options.dryRun),
    fetch: io.fetch,
  };
  // Checked as every call checks them (region, base URL, version, token format): a bad option
  // fails the command at start instead of every call.
  resolveOptions(runOptions, DEFAULT_VERSION, 'mcp');
  const runner = createRunner(runOptions);
  if (!token && !options.dryRun) {
    io.stderr(`${JSON.stringify({ mcp: 'warning', message: 'INTERCOM_TOKEN is not set: every call fails with CONFIG (use --dry-run to plan calls without a token)' })}\n`);
  }
  io.stderr(
    `${JSON.stringify({ mcp: 'serving', tools: offered.length, operations: operationTools.length, version: options.version ?? DEFAULT_VERSION, readOnly: Boolean(options.readOnly), dryRun: Boolean(options.dryRun), compact: Boolean(options.compact) })}\n`,
  );
  await serveMcp(
    {
      sdk,
      tools: offered,
      operationTools,
      operations,
      runner,
      token,
      serverVersion: PACKAGE_VERSION,
      instructions: instructions(options, operationTools.length),
    },
    { stdin: io.stdin ?? process.stdin, stdout: io.stdoutStream ?? process.stdout, stderr: io.stderr },
  );
  return EXIT_OK;
}
