/**
 * `intercom-ops export tools`: the definitions of every format checked against that format's
 * published limits, for the whole registry and under the same filters as `mcp`.
 */
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../cli/main.js';
import { operations } from '../entry/index.js';
import { subschemas } from './support/schema-walk.js';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function exported(format: string, ...filters: string[]): Promise<any[]> {
  const { code, stdout } = await cli(['export', 'tools', '--format', format, ...filters]);
  expect(code).toBe(0);
  const parsed = JSON.parse(stdout);
  expect(Object.keys(parsed)).toEqual(['tools']);
  return parsed.tools;
}

const offeredCount = Object.values(operations).filter((e) => !(e.kind === 'v1' && e.unavailable)).length;

describe('export tools --format openai (Chat Completions function tools)', () => {
  it('every tool is within OpenAI\'s limits: name, description length, parameters at the top and below', async () => {
    const tools = await exported('openai');
    expect(tools).toHaveLength(offeredCount);
    const ajv = new Ajv({ strict: false, logger: false });
    for (const tool of tools) {
      expect(Object.keys(tool).sort()).toEqual(['function', 'type']);
      expect(tool.type).toBe('function');
      const { name, description, parameters, strict } = tool.function;
      expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(strict).toBe(false);
      expect(parameters.type).toBe('object');
      for (const keyword of ['oneOf', 'anyOf', 'allOf', 'enum', 'const', 'not']) expect(parameters, `${name} top-level ${keyword}`).not.toHaveProperty(keyword);
      for (const [pointer, node] of subschemas(parameters)) {
        const types = Array.isArray(node.type) ? node.type : [node.type];
        if (types.includes('array')) expect(node, `${name}${pointer}: array schema missing items`).toHaveProperty('items');
        for (const keyword of ['oneOf', 'allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', '$schema']) {
          expect(node, `${name}${pointer} has ${keyword}`).not.toHaveProperty(keyword);
        }
      }
      expect(() => ajv.compile(parameters), name).not.toThrow();
    }
    expect(new Set(tools.map((t) => t.function.name)).size).toBe(tools.length);
  });

  it('the schemas stay as loose as the params schemas: the catalog\'s own examples still validate', async () => {
    const tools = await exported('openai', '--kind', 'v1');
    const ajv = new Ajv({ strict: false, logger: false });
    let checked = 0;
    for (const tool of tools) {
      const examples = operations[tool.function.name].paramsSchema.examples as unknown[] | undefined;
      for (const example of examples ?? []) {
        expect(ajv.validate(tool.function.parameters, example), `${tool.function.name}: ${ajv.errorsText()}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('more tools than one request takes (128): a warning on stderr; filters bring them under it', async () => {
    const all = await cli(['export', 'tools', '--format', 'openai']);
    expect(JSON.parse(all.stderr).warning).toContain('at most 128 tools');
    const readOnly = await cli(['export', 'tools', '--format', 'openai', '--read-only']);
    expect(readOnly.stderr).toBe('');
    expect(JSON.parse(readOnly.stdout).tools.length).toBeLessThanOrEqual(128);
  });
});

describe('export tools --format anthropic (Messages API tools)', () => {
  it('every tool is within Anthropic\'s limits: name, a draft 2020-12 input_schema of type object without top-level combinators', async () => {
    const tools = await exported('anthropic');
    expect(tools).toHaveLength(offeredCount);
    const ajv = new Ajv2020({ strict: false, logger: false });
    for (const tool of tools) {
      expect(Object.keys(tool).sort()).toEqual(['description', 'input_schema', 'name']);
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.description.length).toBeLessThanOrEqual(1024);
      expect(tool.input_schema.type).toBe('object');
      for (const keyword of ['oneOf', 'allOf', 'anyOf']) expect(tool.input_schema, `${tool.name} top-level ${keyword}`).not.toHaveProperty(keyword);
      expect(ajv.validateSchema(tool.input_schema), `${tool.name}: ${ajv.errorsText()}`).toBe(true);
    }
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
  });
});

describe('export tools --format mcp (tools/list entries)', () => {
  it('parses as the SDK\'s ListToolsResult; names, descriptions, object schemas that compile, every annotation set', async () => {
    const { stdout } = await cli(['export', 'tools', '--format', 'mcp']);
    const result = ListToolsResultSchema.parse(JSON.parse(stdout));
    expect(result.tools).toHaveLength(offeredCount);
    const validator = new AjvJsonSchemaValidator();
    for (const tool of result.tools) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.description!.length).toBeLessThanOrEqual(1024);
      expect(tool.inputSchema.type).toBe('object');
      expect(() => validator.getValidator(tool.inputSchema as Record<string, unknown>), tool.name).not.toThrow();
      if (tool.outputSchema) expect(tool.outputSchema.type).toBe('object');
      expect(Object.keys(tool.annotations!).sort()).toEqual(['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint']);
      expect(tool.annotations!.readOnlyHint).toBe(operations[tool.name].readOnly);
    }
  });

  it('the same filters as mcp, and --compact exports the two compact tools', async () => {
    const v1ReadOnly = await exported('mcp', '--kind', 'v1', '--read-only');
    expect(v1ReadOnly.map((t) => t.name).sort()).toEqual(
      Object.values(operations).filter((e) => e.kind === 'v1' && e.readOnly && !e.unavailable).map((e) => e.name).sort(),
    );
    const named = await exported('anthropic', '--operations', 'listTags,archive_user');
    expect(named.map((t) => t.name)).toEqual(['archive_user', 'listTags']);
    const compact = await exported('openai', '--compact', '--tags', 'Tags');
    expect(compact.map((t) => t.function.name)).toEqual(['find_operations', 'run_operation']);
  });
});

describe('export tools: usage', () => {
  it('an unknown or missing format, a missing subject, an unknown tag: exit 2', async () => {
    for (const argv of [
      ['export', 'tools', '--format', 'gemini'],
      ['export', 'tools'],
      ['export', '--format', 'mcp'],
      ['export', 'tools', '--format', 'mcp', '--tags', 'Nope'],
      ['export', 'tools', '--format', 'mcp', '--kind', 'all'],
      ['export', 'tools', '--format', 'mcp', '--operations', ','],
    ]) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(JSON.parse(stderr).code).toBe('USAGE');
    }
  });
});
