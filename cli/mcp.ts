/**
 * `intercom-ops mcp`: the selected operations as tools of an MCP server over stdio, built on the
 * official SDK's low-level `Server` (it serves the registry's JSON Schemas as they are). The SDK
 * is an optional peer dependency, imported only when this command runs.
 */
import type { Readable, Writable } from 'node:stream';
import { ConfigError, InvalidParamsError, type Runner, type RunOptions } from '../entry/index.js';
import type { ToolSpec } from '../tools/catalog.js';
import { DEFAULT_FIND_LIMIT, FIND_TOOL, findOperations, MAX_FIND_LIMIT, RUN_TOOL } from '../tools/compact.js';
import { toMcpTool, type McpToolDefinition } from '../tools/formats.js';
import { unknownName, type Operations } from '../tools/select.js';
import { redactText } from '../runtime/redact.js';
import { errorResult, successResult, type OutputCheck, type ToolResult } from './mcp-results.js';

export const MCP_SDK_PACKAGE = '@modelcontextprotocol/sdk';
/** The SDK release this package is tested with (its devDependency); the peer range starts here. */
export const MCP_SDK_VERSION = '1.32.2';

type SdkServer = typeof import('@modelcontextprotocol/sdk/server/index.js');
type SdkStdio = typeof import('@modelcontextprotocol/sdk/server/stdio.js');
type SdkTypes = typeof import('@modelcontextprotocol/sdk/types.js');
type SdkValidation = typeof import('@modelcontextprotocol/sdk/validation/ajv');

export interface McpSdk {
  Server: SdkServer['Server'];
  StdioServerTransport: SdkStdio['StdioServerTransport'];
  ListToolsRequestSchema: SdkTypes['ListToolsRequestSchema'];
  CallToolRequestSchema: SdkTypes['CallToolRequestSchema'];
  AjvJsonSchemaValidator: SdkValidation['AjvJsonSchemaValidator'];
}

/** Literal specifiers only: bundlers and the compiler can see what is loaded. */
async function importSdk(): Promise<McpSdk> {
  const [server, stdio, types, validation] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('@modelcontextprotocol/sdk/validation/ajv'),
  ]);
  return {
    Server: server.Server,
    StdioServerTransport: stdio.StdioServerTransport,
    ListToolsRequestSchema: types.ListToolsRequestSchema,
    CallToolRequestSchema: types.CallToolRequestSchema,
    AjvJsonSchemaValidator: validation.AjvJsonSchemaValidator,
  };
}

/** The SDK, or a CONFIG error saying how to install it when it is missing. */
export async function loadMcpSdk(importer: () => Promise<McpSdk> = importSdk): Promise<McpSdk> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(MCP_SDK_PACKAGE)) {
      throw new ConfigError(
        `intercom-ops mcp needs the optional peer dependency ${MCP_SDK_PACKAGE}, which is not installed: run \`npm install ${MCP_SDK_PACKAGE}@^${MCP_SDK_VERSION}\``,
        { operation: 'mcp' },
      );
    }
    throw error;
  }
}

export interface ToolHandlerOptions {
  /** The tools served: one per selected operation, or the compact mode's two. */
  tools: readonly ToolSpec[];
  /** With compact: the per-operation tools the two compact tools find and run. */
  operationTools?: readonly ToolSpec[];
  operations: Operations;
  runner: Pick<Runner, 'run'>;
  /** Scrubbed from every text that leaves; the runner has it already. */
  token: string | undefined;
  /** Compiles a check of values against an output schema (the SDK's own Ajv validator). */
  outputCheck?: (schema: Record<string, unknown>) => OutputCheck;
}

export interface ToolHandlers {
  list(): McpToolDefinition[];
  call(name: string, args: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<ToolResult>;
}

/** Runs one operation and shapes its answer or failure; warnings (dropped v1 fields) travel with the answer. */
async function runTool(
  tool: ToolSpec,
  operation: string,
  params: Record<string, unknown>,
  options: ToolHandlerOptions,
  checks: Map<string, OutputCheck>,
  signal: AbortSignal | undefined,
): Promise<ToolResult> {
  const warnings: unknown[] = [];
  const runOptions: RunOptions = { signal, onWarning: (warning) => warnings.push(warning) };
  try {
    const answer = await options.runner.run(operation, params, runOptions);
    let checkOutput: OutputCheck | undefined;
    if (tool.outputSchema && options.outputCheck) {
      checkOutput = checks.get(tool.name);
      if (!checkOutput) checks.set(tool.name, (checkOutput = options.outputCheck(tool.outputSchema)));
    }
    return successResult(answer, { entry: options.operations[operation], token: options.token, checkOutput, warnings });
  } catch (error) {
    return errorResult(error, options.token);
  }
}

function compactParams(name: string, args: Record<string, unknown>, allowed: string[]): void {
  const unknown = Object.keys(args).filter((key) => !allowed.includes(key));
  if (unknown.length) {
    throw new InvalidParamsError(`${name}: unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, {
      operation: name,
      issues: unknown.map((key) => ({ path: `/${key}`, message: `unknown parameter; ${name} takes ${allowed.join(', ')}` })),
    });
  }
}

/**
 * The server's two requests without a transport: `tools/list` and `tools/call`. A call never
 * throws: unknown tools, invalid params and failed calls are tool results with `isError`.
 */
export function createToolHandlers(options: ToolHandlerOptions): ToolHandlers {
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  const operationTools = options.operationTools ?? [];
  const byOperation = new Map(operationTools.map((tool) => [tool.operation!, tool]));
  const byOperationToolName = new Map(operationTools.map((tool) => [tool.name, tool]));
  const checks = new Map<string, OutputCheck>();
  const definitions = options.tools.map(toMcpTool);

  async function callCompact(tool: ToolSpec, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolResult> {
    if (tool.name === FIND_TOOL) {
      compactParams(FIND_TOOL, args, ['query', 'limit']);
      const { query, limit = DEFAULT_FIND_LIMIT } = args;
      const issues = [];
      if (typeof query !== 'string') issues.push({ path: '/query', message: 'must be a string of words' });
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_FIND_LIMIT) {
        issues.push({ path: '/limit', message: `must be an integer from 1 to ${MAX_FIND_LIMIT}` });
      }
      if (issues.length) throw new InvalidParamsError(`${FIND_TOOL}: invalid params`, { operation: FIND_TOOL, issues });
      const found = findOperations(operationTools, options.operations, query as string, limit as number);
      return successResult(found, { token: options.token, hint: 'pass a smaller limit or more specific words' });
    }
    compactParams(RUN_TOOL, args, ['operation', 'params']);
    const { operation, params = {} } = args;
    const issues = [];
    if (typeof operation !== 'string') issues.push({ path: '/operation', message: `must be an operation name (see ${FIND_TOOL})` });
    if (!params || typeof params !== 'object' || Array.isArray(params)) issues.push({ path: '/params', message: 'must be an object' });
    if (issues.length) throw new InvalidParamsError(`${RUN_TOOL}: invalid params`, { operation: RUN_TOOL, issues });
    const target = byOperation.get(operation as string) ?? byOperationToolName.get(operation as string);
    if (!target) throw unknownName(`no operation ${JSON.stringify(operation)} among those this server offers`, operation as string, byOperation.keys());
    return runTool(target, target.operation!, params as Record<string, unknown>, options, checks, signal);
  }

  return {
    list: () => definitions,
    async call(name, args = {}, signal) {
      try {
        const tool = byName.get(name);
        if (!tool) throw unknownName(`no tool ${JSON.stringify(name)} on this server`, name, byName.keys());
        if (tool.operation === null) return await callCompact(tool, args, signal);
        return await runTool(tool, tool.operation, args, options, checks, signal);
      } catch (error) {
        return errorResult(error, options.token);
      }
    },
  };
}

export interface McpStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: (text: string) => void;
}

export interface ServeOptions extends Omit<ToolHandlerOptions, 'outputCheck'> {
  sdk: McpSdk;
  serverVersion: string;
  instructions: string;
}

/** An SDK server answering `tools/list` and `tools/call` from the handlers; not yet connected. */
export function createMcpServer(options: ServeOptions) {
  const { sdk } = options;
  const validator = new sdk.AjvJsonSchemaValidator();
  const handlers = createToolHandlers({
    ...options,
    outputCheck: (schema) => {
      const check = validator.getValidator(schema);
      return (value) => {
        const result = check(value);
        return { valid: result.valid, errorMessage: result.errorMessage };
      };
    },
  });
  const server = new sdk.Server(
    { name: 'intercom-ops', version: options.serverVersion },
    { capabilities: { tools: {} }, instructions: options.instructions },
  );
  server.setRequestHandler(sdk.ListToolsRequestSchema, () => ({ tools: handlers.list() }));
  server.setRequestHandler(sdk.CallToolRequestSchema, (request, extra) =>
    handlers.call(request.params.name, request.params.arguments as Record<string, unknown> | undefined, extra.signal),
  );
  return server;
}

/** Serves over stdio until the client goes away (stdin ends, or stdout can no longer be written) or the transport closes. */
export async function serveMcp(options: ServeOptions, streams: McpStreams): Promise<void> {
  const server = createMcpServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const logError = (error: Error) => streams.stderr(`${JSON.stringify({ mcp: 'transport-error', message: redactText(error.message, options.token) })}\n`);
  server.onerror = logError;
  await server.connect(new options.sdk.StdioServerTransport(streams.stdin, streams.stdout));
  const end = () => void server.close();
  streams.stdin.once('end', end);
  streams.stdin.once('close', end);
  // Nobody handles a failed write to stdout otherwise, and an unhandled stream error ends the
  // process with a stack trace. EPIPE only says that the client stopped reading.
  streams.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') logError(error);
    end();
  });
  await closed;
}
