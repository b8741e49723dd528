/**
 * The `intercom-ops` command line. Arguments are parsed with node:util `parseArgs`; every failure
 * arrives here as a coded error and is turned into one JSON object on stderr plus an exit code.
 */
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_FAILED, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { ConfigError, IntercomOpsError } from '../runtime/errors.js';
import type { RunOptions } from '../runtime/options.js';
import type { Runner } from '../runtime/runner.js';
import { ToolFilterError } from '../tools/select.js';

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
  runner?: Pick<Runner, 'run'>;
}

class UsageError extends Error {}
/** `--help` / `-h` after a command: usage on stdout, exit 0. */
class HelpRequested extends Error {}

/** Every command takes --help (-h). */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

const USAGE = `usage: intercom-ops <command>

  list [--kind v1|api] [--json]
  describe <name> [--json]
  run <name> [--params '<json>' | --params-file f] [--region us|eu|au] [--base-url u] [--version v] [--dry-run]
  generate [--spec-version v | --spec path] [--out dir] [--check]
  diff <from> <to> [--json]
  mcp [--read-only] [--kind v1|api] [--operations a,b] [--tags T1,T2] [--version v] [--region r] [--base-url u] [--dry-run] [--compact]
  export tools --format openai|anthropic|mcp [--read-only] [--kind v1|api] [--operations a,b] [--tags T1,T2] [--version v] [--compact]

The token comes from INTERCOM_TOKEN. Output is JSON on stdout; errors are one JSON object on stderr.`;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(args: string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: true, strict: true });
  } catch (error) {
    // `run --bogus --help`: the help asked for wins over the option it could not parse.
    if (args.includes('--help') || args.includes('-h')) throw new HelpRequested();
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested();
  return parsed;
}

function readParams(values: { params?: string; 'params-file'?: string }): Record<string, unknown> {
  if (values.params !== undefined && values['params-file'] !== undefined) {
    throw new UsageError('give --params or --params-file, not both');
  }
  const file = values['params-file'];
  const flag = file !== undefined ? '--params-file' : '--params';
  let text = values.params;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // ENOENT, EISDIR, EACCES: the caller named a file we cannot read.
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--params-file ${JSON.stringify(file)} cannot be read${code ? ` (${code})` : ''}`);
    }
  }
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${flag} must be a JSON object`);
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
    const { values } = parse(args, { kind: { type: 'string' }, json: { type: 'boolean' } });
    if (values.kind !== undefined && values.kind !== 'v1' && values.kind !== 'api') throw new UsageError('--kind must be v1 or api');
    // The registry is loaded by the commands that read it, so `generate` can rebuild a broken one.
    const { listOperations } = await import('./describe.js');
    io.stdout(listOperations(values.kind as 'v1' | 'api' | undefined, Boolean(values.json)));
    return EXIT_OK;
  },

  async describe(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('describe takes one operation name');
    const { describeOperation } = await import('./describe.js');
    io.stdout(describeOperation(positionals[0], Boolean(values.json)));
    return EXIT_OK;
  },

  async run(args, io) {
    const { values, positionals } = parse(args, {
      params: { type: 'string' },
      'params-file': { type: 'string' },
      region: { type: 'string' },
      'base-url': { type: 'string' },
      version: { type: 'string' },
      'dry-run': { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('run takes one operation name');
    const options: RunOptions = {
      token: io.env.INTERCOM_TOKEN || undefined,
      region: values.region as RunOptions['region'],
      baseUrl: values['base-url'],
      version: values.version,
      dryRun: Boolean(values['dry-run']),
      fetch: io.fetch,
      onWarning: (warning) => io.stderr(`${JSON.stringify({ warning })}\n`),
    };
    const name: string = positionals[0];
    const result = io.runner ? await io.runner.run(name, readParams(values), options) : await (await import('../entry/index.js')).run(name, readParams(values), options);
    io.stdout(json(result));
    return EXIT_OK;
  },

  async generate(args, io) {
    const { values } = parse(args, {
      'spec-version': { type: 'string' },
      spec: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean' },
    });
    if (values['spec-version'] && values.spec) throw new UsageError('give --spec-version or --spec, not both');
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
    const { values, positionals } = parse(args, { ...TOOL_OPTIONS, region: { type: 'string' }, 'base-url': { type: 'string' }, 'dry-run': { type: 'boolean' } });
    if (positionals.length) throw new UsageError('mcp takes no operation names (select them with --operations)');
    const { mcpCommand, selectionFrom } = await import('./tool-commands.js');
    return mcpCommand({ ...selectionFrom(values), region: values.region, baseUrl: values['base-url'], dryRun: Boolean(values['dry-run']) }, io);
  },

  async export(args, io) {
    const { values, positionals } = parse(args, { ...TOOL_OPTIONS, format: { type: 'string' } });
    if (positionals.length !== 1 || positionals[0] !== 'tools') throw new UsageError('export takes one subject: export tools --format openai|anthropic|mcp');
    const { exportToolsCommand, selectionFrom } = await import('./tool-commands.js');
    return exportToolsCommand(selectionFrom(values), values.format, io);
  },

  async diff(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    if (positionals.length !== 2) throw new UsageError('diff takes two spec versions: diff <from> <to>');
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
      (name ? io.stdout : io.stderr)(`${USAGE}\n`);
      return name ? EXIT_OK : EXIT_USAGE;
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
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (error instanceof UsageError || error instanceof ToolFilterError) {
      io.stderr(`${JSON.stringify({ code: 'USAGE', message: error.message, usage: USAGE })}\n`);
      return EXIT_USAGE;
    }
    // Generator and spec failures (stale bindings, missing files): say what and where, exit 1.
    io.stderr(`${JSON.stringify({ code: 'FAILED', message: (error as Error).message })}\n`);
    return EXIT_FAILED;
  }
}
