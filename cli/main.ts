/**
 * The `intercom-ops` command line. Arguments are parsed with node:util `parseArgs`; every failure
 * arrives here as a coded error and is turned into one JSON object on stderr plus an exit code.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_FAILED, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { ConfigError, IntercomOpsError } from '../runtime/errors.js';
import { PACKAGE_VERSION } from '../runtime/package-version.js';
import type { OperationEntry } from '../runtime/registry-types.js';
import type { RunOptions } from '../runtime/options.js';
import type { Runner } from '../runtime/runner.js';
import { ToolFilterError } from '../tools/select.js';

/** What the CLI calls: operations named at run time, so untyped names, params and answers. */
type CliRunner = Pick<Runner, 'run'> & Partial<Pick<Runner, 'iterate' | 'operations'>>;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Injected for tests; default global fetch. */
  fetch?: typeof globalThis.fetch;
  /** The byte streams `mcp` speaks over; default process.stdin / process.stdout. */
  stdin?: Readable;
  stdoutStream?: Writable;
  /** Injected for tests (a runner over a fixture registry); default the package's runner. */
  runner?: CliRunner;
}

/** A usage mistake of `command` (its usage goes with the message). */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}
/** `--help` / `-h` after a command: that command's usage on stdout, exit 0. */
class HelpRequested extends Error {
  constructor(readonly command: string) {
    super(`help for ${command}`);
  }
}

/** Every command takes --help (-h). */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

const TOOL_FILTERS = '[--read-only] [--kind v1|api] [--operations a,b] [--tags T1,T2] [--version v]';

/** Each command's usage: the first line is its synopsis (listed by `intercom-ops --help`). */
const COMMAND_USAGE: Readonly<Record<string, string>> = {
  list: `list [--kind v1|api] [--json]

  Every operation with its kind, method and path (or the calls it makes) and summary.
  --kind v1|api   only one kind
  --json          as JSON`,
  describe: `describe <name> [--json]

  One operation: its parameters (JSON Schema), its output fields (resultSchema, and rowSchema for
  the rows --all streams), the calls a v1 operation makes, and an example call.
  --json          as JSON`,
  run: `run <name> [--params '<json>' | --params-file <file>|-] [options]

  One call; the answer as JSON on stdout (the token comes from INTERCOM_TOKEN).
  --params '<json>'          the params object (path and query params by name, the body under $body)
  --params-file <file>|-     the params from a file, or from stdin with -
  --all                      every row of every page, one JSON object per line (NDJSON), written
                             as the pages arrive; an operation that does not page: UNSUPPORTED
  --output <file>            the answer into <file> instead of stdout (a binary answer such as
                             downloadDataExport as its bytes; with --all, the NDJSON lines)
  --region us|eu|au          Intercom's region (any case: EU works)
  --base-url <url>           another base URL (a proxy, a mock server)
  --version <v>              the API version to run against (2.7 … 2.16, preview)
  --timeout <ms>             per request (default 30000; 0: none)
  --max-retries <n>          retries of a retryable failure (default 2)
  --validate-responses off|warn|error
                             check answers against their resultSchema (warn: warnings on stderr)
  --dry-run                  send nothing: print the requests it would send (no token needed)`,
  generate: `generate [--spec-version v | --spec <path>] [--out <dir>] [--check]

  Regenerate generated/ from an Intercom OpenAPI description.
  --check         exit 1 when the committed output is stale (nothing written)`,
  diff: `diff <from> <to> [--json]

  What changed between two spec versions that matters to callers and to the v1 bindings
  (exit 1 when a v1 binding no longer resolves).`,
  mcp: `mcp ${TOOL_FILTERS} [--region r] [--base-url u] [--dry-run] [--compact]

  An MCP server over stdio (token from INTERCOM_TOKEN): one tool per selected operation.`,
  export: `export tools --format openai|anthropic|mcp ${TOOL_FILTERS} [--compact]

  The tool definitions as JSON on stdout.`,
};

const USAGE = `usage: intercom-ops <command> [options]   (intercom-ops <command> --help for one command)

${Object.values(COMMAND_USAGE)
  .map((usage) => `  ${usage.split('\n')[0]}`)
  .join('\n')}

  intercom-ops --version   the package version

The token comes from INTERCOM_TOKEN. Output is JSON on stdout; errors are one JSON object on stderr.`;

function usageOf(command: string | undefined): string {
  return command && Object.hasOwn(COMMAND_USAGE, command) ? `usage: intercom-ops ${COMMAND_USAGE[command]}` : USAGE;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(command: string, args: string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: true, strict: true });
  } catch (error) {
    // `run --bogus --help`: the help asked for wins over the option it could not parse.
    if (args.includes('--help') || args.includes('-h')) throw new HelpRequested(command);
    throw new UsageError((error as Error).message, command);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested(command);
  return parsed;
}

/** All of a stream as text (params from stdin). */
async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readParams(values: { params?: string; 'params-file'?: string }, stdin: Readable | undefined): Promise<Record<string, unknown>> {
  if (values.params !== undefined && values['params-file'] !== undefined) {
    throw new UsageError('give --params or --params-file, not both', 'run');
  }
  const file = values['params-file'];
  const flag = file === '-' ? '--params-file - (stdin)' : file !== undefined ? '--params-file' : '--params';
  let text = values.params;
  if (file === '-') {
    if (!stdin) throw new UsageError('--params-file -: no standard input to read', 'run');
    text = await readAll(stdin);
  } else if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // ENOENT, EISDIR, EACCES: the caller named a file we cannot read.
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--params-file ${JSON.stringify(file)} cannot be read${code ? ` (${code})` : ''}`, 'run');
    }
  }
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${(error as Error).message}`, 'run');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${flag} must be a JSON object`, 'run');
  return parsed as Record<string, unknown>;
}

/** An unknown spec version named on the command line is a usage error (exit 2). */
async function asUsageErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const { UnknownSpecVersionError } = await import('../spec/locate.js');
    if (error instanceof UnknownSpecVersionError) throw new UsageError(error.message);
    throw error;
  }
}

/** A non-negative whole number option (`--timeout 5000`), named in the error when it is not one. */
function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number (got ${JSON.stringify(value)})`, 'run');
  return Number(value.trim());
}

/** Lines written in order, waiting whenever the stream asks to (memory stays flat however many rows). */
interface LineSink {
  /** False once the reader of the standard output has gone (`| head -3`): nothing more is wanted. */
  write(text: string): Promise<boolean>;
  /** `completed`: every line was written (a failed call leaves a file it never wrote to as it was). */
  close(completed: boolean): Promise<void>;
}

const isEpipe = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

function streamSink(stream: Writable, end: boolean): LineSink {
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  // EPIPE on the standard output is its reader closing early, which ends the command normally.
  const readerGone = () => !end && isEpipe(failure);
  const check = () => {
    if (readerGone()) return false;
    if (failure) throw failure;
    return true;
  };
  return {
    async write(text) {
      if (!check()) return false;
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            stream.off('close', done);
            resolve();
          };
          stream.once('drain', done);
          stream.once('error', done);
          stream.once('close', done);
        });
      }
      return check();
    },
    async close() {
      if (!end) {
        if (!check()) return;
        // Every line handed over has reached the stream's destination (an empty write's callback
        // runs after the writes before it).
        await new Promise<void>((resolve, reject) => stream.write('', (error) => (error && !isEpipe(error) ? reject(error) : resolve())));
        return;
      }
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
      if (failure) throw failure;
    },
  };
}

/**
 * An --output file opened with its first line, so a call that fails before any row (bad params,
 * UNSUPPORTED) leaves an existing file as it was; a completed call with no rows writes it empty.
 */
function fileSink(path: string): LineSink {
  let sink: LineSink | undefined;
  const opened = () => (sink ??= streamSink(createWriteStream(path), true));
  return {
    write: (text) => opened().write(text),
    close: async (completed) => {
      if (sink || completed) await opened().close(completed);
    },
  };
}

/** A file for --output, or the standard output (its stream when it has one, so writes can wait). */
function sinkFor(output: string | undefined, io: CliIo): LineSink {
  if (output !== undefined) return fileSink(output);
  if (io.stdoutStream) return streamSink(io.stdoutStream, false);
  return {
    write: async (text) => {
      io.stdout(text);
      return true;
    },
    close: async () => undefined,
  };
}

function isBinary(entry: OperationEntry | undefined): boolean {
  const type = entry?.kind === 'api' ? (entry.responseContentType ?? null) : null;
  return type !== null && !type.toLowerCase().startsWith('text/');
}

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * The generator and its toolchain (TypeScript, openapi-typescript, Handlebars, js-yaml) are in a
 * checkout of the repository only: the published package leaves them out. Loaded only by the
 * commands that need them; missing, they are a CONFIG error that says what to do.
 */
async function maintainerModule<T>(command: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      `${command} needs the generator, which the installed package does not include: run it in a checkout of the ` +
        'intercom-ops repository (git clone, then npm ci, which installs the toolchain as devDependencies), ' +
        `e.g. \`npx intercom-ops ${command}\` there`,
    );
  }
}

/** The selection `mcp` and `export tools` share. */
const TOOL_OPTIONS = {
  'read-only': { type: 'boolean' },
  kind: { type: 'string' },
  operations: { type: 'string' },
  tags: { type: 'string' },
  version: { type: 'string' },
  compact: { type: 'boolean' },
} as const;

const commands: Record<string, Command> = {
  async list(args, io) {
    const { values } = parse('list', args, { kind: { type: 'string' }, json: { type: 'boolean' } });
    if (values.kind !== undefined && values.kind !== 'v1' && values.kind !== 'api') throw new UsageError('--kind must be v1 or api', 'list');
    // The registry is loaded by the commands that read it, so `generate` can rebuild a broken one.
    const { listOperations } = await import('./describe.js');
    io.stdout(listOperations(values.kind as 'v1' | 'api' | undefined, Boolean(values.json)));
    return EXIT_OK;
  },

  async describe(args, io) {
    const { values, positionals } = parse('describe', args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('describe takes one operation name', 'describe');
    const { describeOperation } = await import('./describe.js');
    io.stdout(describeOperation(positionals[0], Boolean(values.json)));
    return EXIT_OK;
  },

  async run(args, io) {
    const { values, positionals } = parse('run', args, {
      params: { type: 'string' },
      'params-file': { type: 'string' },
      region: { type: 'string' },
      'base-url': { type: 'string' },
      version: { type: 'string' },
      'dry-run': { type: 'boolean' },
      all: { type: 'boolean' },
      output: { type: 'string' },
      timeout: { type: 'string' },
      'max-retries': { type: 'string' },
      'validate-responses': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('run takes one operation name', 'run');
    const [name] = positionals as [string];
    const dryRun = Boolean(values['dry-run']);
    if (values.all && dryRun) throw new UsageError('--all streams rows; --dry-run plans one call: give one of them', 'run');
    const token = io.env.INTERCOM_TOKEN || undefined;
    // Said here, in the words of a shell: the runtime's own message speaks of options.token.
    if (!token && !dryRun) {
      throw new ConfigError(`${name}: no token: set the INTERCOM_TOKEN environment variable (or plan the call with --dry-run, which needs none)`, {
        operation: name,
      });
    }
    const options: RunOptions = {
      token,
      // Region names in any case: `--region EU` is eu.
      region: values.region?.toLowerCase() as RunOptions['region'],
      baseUrl: values['base-url'],
      version: values.version,
      dryRun,
      fetch: io.fetch,
      timeoutMs: wholeNumber('--timeout', values.timeout),
      maxRetries: wholeNumber('--max-retries', values['max-retries']),
      validateResponses: values['validate-responses'] as RunOptions['validateResponses'],
      onWarning: (warning) => io.stderr(`${JSON.stringify({ warning })}\n`),
    };
    const entryModule = io.runner ? undefined : await import('../entry/index.js');
    const runner: CliRunner = io.runner ?? entryModule!;
    const params = await readParams(values, io.stdin);
    const output = values.output;
    if (values.all) {
      if (!runner.iterate) throw new UsageError('--all: this runner cannot iterate', 'run');
      // One row per line, written as each page arrives; the next page is asked for only once the
      // rows before it are written (and the output has taken them). A reader that has gone ends
      // the loop, so no further page is fetched.
      const sink = sinkFor(output, io);
      let completed = false;
      try {
        for await (const row of runner.iterate(name, params, options)) if (!(await sink.write(`${JSON.stringify(row)}\n`))) break;
        completed = true;
      } finally {
        await sink.close(completed);
      }
      return EXIT_OK;
    }
    if (output === undefined && !dryRun) {
      // The operations of the version asked for: one that answers bytes may exist in 2.14 and not
      // in the pinned version (an unknown version is CONFIG here, as the call would say).
      const operations = entryModule ? await entryModule.operationsOf(values.version, name) : runner.operations;
      const entry = operations && Object.hasOwn(operations, name) ? operations[name] : undefined;
      // Bytes are no JSON: a binary answer needs a file, and is refused before anything is sent.
      if (isBinary(entry)) {
        throw new UsageError(`${name} answers bytes (${entry!.kind === 'api' ? entry!.responseContentType : ''}): give --output <file> to write them`, 'run');
      }
    }
    const result = await runner.run(name, params, options);
    if (output === undefined) {
      const sink = sinkFor(undefined, io);
      await sink.write(json(result));
      await sink.close(true);
      return EXIT_OK;
    }
    // The answer as it is: bytes as bytes, text as text, anything else as JSON.
    writeFileSync(output, result instanceof Uint8Array ? result : typeof result === 'string' ? result : json(result));
    return EXIT_OK;
  },

  async generate(args, io) {
    const { values } = parse('generate', args, {
      'spec-version': { type: 'string' },
      spec: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean' },
    });
    if (values['spec-version'] && values.spec) throw new UsageError('give --spec-version or --spec, not both', 'generate');
    const { generate, generateAll } = await maintainerModule('generate', () => import('../generator/index.js'));
    const common = { out: values.out, check: Boolean(values.check), log: (line: string) => io.stderr(`${line}\n`) };
    // No version named: every pinned version, in one process.
    const result = await asUsageErrors<{ stale: string[] }>(
      values['spec-version'] === undefined && values.spec === undefined
        ? generateAll(common)
        : generate({ ...common, specVersion: values['spec-version'], specPath: values.spec }),
    );
    io.stdout(json(result));
    return values.check && result.stale.length > 0 ? EXIT_FAILED : EXIT_OK;
  },

  async mcp(args, io) {
    const { values, positionals } = parse('mcp', args, { ...TOOL_OPTIONS, region: { type: 'string' }, 'base-url': { type: 'string' }, 'dry-run': { type: 'boolean' } });
    if (positionals.length) throw new UsageError('mcp takes no operation names (select them with --operations)', 'mcp');
    const { mcpCommand, selectionFrom } = await import('./tool-commands.js');
    return mcpCommand({ ...selectionFrom(values), region: values.region, baseUrl: values['base-url'], dryRun: Boolean(values['dry-run']) }, io);
  },

  async export(args, io) {
    const { values, positionals } = parse('export', args, { ...TOOL_OPTIONS, format: { type: 'string' } });
    if (positionals.length !== 1 || positionals[0] !== 'tools') throw new UsageError('export takes one subject: export tools --format openai|anthropic|mcp', 'export');
    const { exportToolsCommand, selectionFrom } = await import('./tool-commands.js');
    return exportToolsCommand(selectionFrom(values), values.format, io);
  },

  async diff(args, io) {
    const { values, positionals } = parse('diff', args, { json: { type: 'boolean' } });
    if (positionals.length !== 2) throw new UsageError('diff takes two spec versions: diff <from> <to>', 'diff');
    const { diffVersions } = await maintainerModule('diff', () => import('../generator/diff.js'));
    const { renderDiffMarkdown } = await maintainerModule('diff', () => import('../generator/diff-render.js'));
    const report = await asUsageErrors(diffVersions(positionals[0], positionals[1]));
    io.stdout(values.json ? json(report) : renderDiffMarkdown(report));
    // A v1 binding that no longer resolves fails the command, so CI can gate a bump on it.
    return report.ok ? EXIT_OK : EXIT_FAILED;
  },
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      // `help <command>` is that command's usage.
      const topic = name === 'help' ? args[0] : undefined;
      (name ? io.stdout : io.stderr)(`${usageOf(topic)}\n`);
      return name ? EXIT_OK : EXIT_USAGE;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`${PACKAGE_VERSION}\n`);
      return EXIT_OK;
    }
    // Own names only: `constructor`, `toString`, `__proto__` are Object.prototype's, not commands.
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    return await command(args, io);
  } catch (error) {
    if (error instanceof IntercomOpsError) {
      io.stderr(`${JSON.stringify(error.toJSON())}\n`);
      return exitCodeFor(error.code);
    }
    if (error instanceof HelpRequested) {
      io.stdout(`${usageOf(error.command)}\n`);
      return EXIT_OK;
    }
    if (error instanceof UsageError || error instanceof ToolFilterError) {
      const command = error instanceof UsageError ? error.command : undefined;
      io.stderr(`${JSON.stringify({ code: 'USAGE', message: error.message, usage: usageOf(command) })}\n`);
      return EXIT_USAGE;
    }
    // Generator and spec failures (stale bindings, missing files): say what and where, exit 1.
    io.stderr(`${JSON.stringify({ code: 'FAILED', message: (error as Error).message })}\n`);
    return EXIT_FAILED;
  }
}
