/**
 * The pieces of tool definitions and tool results: plain-text descriptions, the name rule, the
 * hints, the schema forms, output schemas and structured results (through the SDK's own client),
 * result cutting, the compact search, and the missing-SDK error.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../cli/exit-codes.js';
import { createMcpServer, createToolHandlers, loadMcpSdk, type McpSdk } from '../cli/mcp.js';
import { askForLess, errorResult, fitJson, MAX_RESULT_BYTES, successResult } from '../cli/mcp-results.js';
import { ApiError, createRunner, DEFAULT_VERSION, IntercomOpsError, operations, type OperationEntry } from '../entry/index.js';
import { buildTools, toolDescription } from '../tools/catalog.js';
import { compactTools, findOperations } from '../tools/compact.js';
import { isDestructive, isIdempotent } from '../tools/hints.js';
import { TOOL_NAME_PATTERN, toolNameFor } from '../tools/names.js';
import { openAiSchema, portableSchema } from '../tools/schema.js';
import type { Operations } from '../tools/select.js';
import { capText, plainText } from '../tools/text.js';
import { BIN } from './support/mcp-client.js';
import { startIntercomServer, type IntercomServer } from './support/intercom-server.js';

const ajv = new Ajv({ strict: false, logger: false });

function apiEntry(name: string, method: string, summary: string, extra: Partial<OperationEntry> = {}): OperationEntry {
  return {
    kind: 'api', name, operationId: name, method, path: `/${name}`, summary, readOnly: method === 'GET', deprecated: false, tags: ['Things'],
    parameters: [], body: null, pagination: null, paramsSchema: { type: 'object', properties: {}, additionalProperties: false }, ...extra,
  } as OperationEntry;
}
function v1Entry(name: string, calls: string[], summary: string, extra: Partial<OperationEntry> = {}): OperationEntry {
  return {
    kind: 'v1', name, summary, readOnly: false, calls, resolvedCalls: [], legacy: false, mapped: {}, dropped: [], resultsPath: false,
    unavailable: null, paramsSchema: { type: 'object', properties: {}, additionalProperties: false }, ...extra,
  } as OperationEntry;
}

describe('descriptions: plain text, at most 1,024 characters', () => {
  it('Markdown and HTML are cleaned; words and snake_case names survive', () => {
    expect(plainText('Use `user_id` **or** the [email](https://x.io/docs) <br/>of a *lead*.\n\n## Notes\n- one &amp; two &lt;3')).toBe(
      'Use user_id or the email of a lead. Notes one & two <3',
    );
    expect(plainText('<p>See <a href="https://x">the docs</a> &#x27;here&#39;</p>')).toBe("See the docs 'here'");
    expect(plainText('```json\n{"a": 1}\n```')).toBe('{"a": 1}');
  });

  it('capText cuts at a word, ends with an ellipsis, never splits a surrogate pair', () => {
    const long = 'word '.repeat(400);
    const capped = capText(long);
    expect(capped.length).toBeLessThanOrEqual(1024);
    expect(capped.endsWith('word…')).toBe(true);
    const emoji = '😀'.repeat(600);
    const cut = capText(emoji, 101);
    expect(cut.length).toBeLessThanOrEqual(101);
    expect(cut).toBe(`${'😀'.repeat(50)}…`);
  });

  it('a description names the effect, the route or calls, and stays capped with a long summary', () => {
    const ops: Operations = { big: apiEntry('big', 'DELETE', `Delete ${'many '.repeat(400)}things`) };
    const text = toolDescription(ops.big, ops, { version: '2.10' });
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text).toContain('Writes, destructively');
    const archive = toolDescription(operations.archive_user, operations, { version: DEFAULT_VERSION, dryRun: true });
    expect(archive).toMatch(/^Archive a user .* Dry run: .* calling SearchContacts, ArchiveContact; tags: Contacts\.$/);
  });
});

describe('tool names', () => {
  it('a valid name is kept; an invalid one gets the documented rename: deterministic, within the pattern, distinct', () => {
    expect(toolNameFor('listTags')).toBe('listTags');
    expect(toolNameFor('create_update_user')).toBe('create_update_user');
    const renamed = toolNameFor('GET /export/reporting_data/{job}');
    expect(renamed).toMatch(TOOL_NAME_PATTERN);
    expect(renamed).toMatch(/^GET__export_reporting_data__job__[0-9a-f]{8}$/);
    expect(toolNameFor('GET /export/reporting_data/{job}')).toBe(renamed);
    expect(toolNameFor('a.b')).not.toBe(toolNameFor('a/b'));
    const long = toolNameFor('x'.repeat(100));
    expect(long).toMatch(TOOL_NAME_PATTERN);
    expect(long).toHaveLength(64);
    expect(toolNameFor('')).toMatch(TOOL_NAME_PATTERN);
  });

  it('a renamed tool runs the operation it was named for', async () => {
    const ops: Operations = { 'get.thing/by id': apiEntry('get.thing/by id', 'GET', 'Get a thing') };
    const tools = buildTools(ops, { version: '2.10' });
    expect(tools[0].name).toMatch(/^get_thing_by_id_[0-9a-f]{8}$/);
    const ran: string[] = [];
    const run = async (name: string): Promise<any> => (ran.push(name), { ok: true });
    const handlers = createToolHandlers({ tools, operations: ops, token: undefined, runner: { run } });
    const result = await handlers.call(tools[0].name, {});
    expect(result.isError).toBeUndefined();
    expect(ran).toEqual(['get.thing/by id']);
  });
});

describe('hints: the destructive and idempotent rules', () => {
  const ops: Operations = {
    getThing: apiEntry('getThing', 'GET', 'Get a thing'),
    deleteThing: apiEntry('deleteThing', 'DELETE', 'Remove a thing'),
    mergeThings: apiEntry('mergeThings', 'POST', 'Merge two things'),
    unarchiveThing: apiEntry('unarchiveThing', 'POST', 'Unarchive a thing'),
    putThing: apiEntry('putThing', 'PUT', 'Update a thing'),
    searchThings: apiEntry('searchThings', 'POST', 'Search things', { readOnly: true }),
    drop_thing: v1Entry('drop_thing', ['searchThings', 'deleteThing'], 'Drops a thing'),
    touch_thing: v1Entry('touch_thing', ['searchThings', 'putThing'], 'Touches a thing'),
    legacy_thing: v1Entry('legacy_thing', [], 'Clears a thing', { legacy: true }),
  };
  it('DELETE, a destructive word in the name or summary, or (v1) a destructive call; never a read', () => {
    const destructive = Object.keys(ops).filter((name) => isDestructive(ops[name], ops)).sort();
    expect(destructive).toEqual(['deleteThing', 'drop_thing', 'mergeThings']);
  });
  it('reads, PUT and DELETE are idempotent; POST is not; a v1 operation is when all its calls are', () => {
    const idempotent = Object.keys(ops).filter((name) => isIdempotent(ops[name], ops)).sort();
    expect(idempotent).toEqual(['deleteThing', 'drop_thing', 'getThing', 'putThing', 'searchThings', 'touch_thing']);
  });
});

describe('schemas: every form only loosens, never tightens', () => {
  const topCombined = {
    type: 'object',
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    properties: { id: { type: 'string', $comment: 'internal' } },
    oneOf: [
      { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
      { $ref: '#/$defs/byUser' },
    ],
    $defs: { byUser: { type: 'object', properties: { user_id: { type: 'string' }, tags: { type: 'array' } }, required: ['user_id'] } },
  };

  it('portable: a top-level oneOf is merged into the top; arrays get items; $schema/$comment go; additionalProperties stays', () => {
    const portable = portableSchema(topCombined);
    expect(portable.type).toBe('object');
    expect(portable).not.toHaveProperty('oneOf');
    expect(portable).not.toHaveProperty('$schema');
    expect(Object.keys(portable.properties as object).sort()).toEqual(['email', 'id', 'tags', 'user_id']);
    expect((portable.properties as any).tags).toEqual({ type: 'array', items: {} });
    expect((portable.properties as any).id).toEqual({ type: 'string' });
    expect(portable.required).toBeUndefined();
    expect(portableSchema({ type: 'object', properties: {}, additionalProperties: false }).additionalProperties).toBe(false);
    const { $schema: _dialect, ...original } = topCombined;
    for (const value of [{ email: 'a@x.io' }, { user_id: 'u1', tags: ['a'] }, { id: '1', email: 'b@x.io' }]) {
      expect(ajv.validate(original, value)).toBe(true);
      expect(ajv.validate(portable, value), JSON.stringify(value)).toBe(true);
    }
    expect(portableSchema({ type: 'object', properties: { never: false, any: true } }).properties).toEqual({ never: { not: {} }, any: {} });
  });

  it('openai: oneOf becomes anyOf, allOf is merged (refs followed, cycles stopped), unsupported keywords dropped', () => {
    const schema = {
      type: 'object',
      properties: {
        $body: {
          allOf: [{ $ref: '#/$defs/base' }, { type: 'object', properties: { extra: { type: 'integer' } }, required: ['extra'] }],
          not: { required: ['forbidden'] },
        },
        pick: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      },
      $defs: {
        base: { type: 'object', properties: { body: { type: 'string' } }, required: ['body'], allOf: [{ $ref: '#/$defs/base' }] },
      },
    };
    const out = openAiSchema(schema) as any;
    expect(out.properties.pick).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(out.properties.$body.allOf).toBeUndefined();
    expect(out.properties.$body.not).toBeUndefined();
    expect(Object.keys(out.properties.$body.properties).sort()).toEqual(['body', 'extra']);
    expect(out.properties.$body.required.sort()).toEqual(['body', 'extra']);
    expect(JSON.stringify(out)).not.toMatch(/"(allOf|oneOf|not)"/);
    const value = { $body: { body: 'hi', extra: 1, forbidden: true }, pick: 3 };
    expect(ajv.validate(out, value)).toBe(true);
  });
});

describe('output schemas and structured results (the SDK client validates them)', () => {
  let server: IntercomServer;
  let client: Client;
  const TOKEN = 'tok_output_schema_1';
  const resultSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { type: { type: 'string' }, data: { type: 'array', items: { $ref: '#/$defs/tag' } } },
    required: ['type', 'data'],
    $defs: { tag: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id'] } },
  };
  const ops: Operations = {
    ...operations,
    listTags: { ...operations.listTags, resultSchema } as unknown as OperationEntry,
    retrieveAdmin: { ...operations.retrieveAdmin, resultSchema: { type: 'array' } } as unknown as OperationEntry,
  };

  beforeAll(async () => {
    server = await startIntercomServer();
    const sdk = await loadMcpSdk();
    const tools = buildTools(ops, { version: DEFAULT_VERSION, operations: ['listTags', 'retrieveAdmin', 'identifyAdmin'] });
    const mcp = createMcpServer({
      sdk, tools, operations: ops, token: TOKEN, serverVersion: '0.0.0', instructions: 'test',
      runner: createRunner({ token: TOKEN, baseUrl: server.url }),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('outputSchema only where the result schema is an object (none without one), $schema removed', async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.listTags.outputSchema).toMatchObject({ type: 'object', required: ['type', 'data'] });
    expect(byName.listTags.outputSchema).not.toHaveProperty('$schema');
    expect(byName.retrieveAdmin.outputSchema).toBeUndefined();
    expect(byName.identifyAdmin.outputSchema).toBeUndefined();
  });

  it('an answer in the schema\'s shape comes as structured content too', async () => {
    server.reset({ routes: true });
    const answer = { type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] };
    server.on('GET', '/tags', { body: answer });
    const result = (await client.callTool({ name: 'listTags', arguments: {} })) as any;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(answer);
    expect(JSON.parse(result.content[0].text)).toEqual(answer);
  });

  it('an answer off the schema is a tool error saying the call was carried out, with the answer as text', async () => {
    server.reset({ routes: true });
    server.on('GET', '/tags', { body: { type: 'list', data: 'not rows' } });
    const result = (await client.callTool({ name: 'listTags', arguments: {} })) as any;
    expect(result.isError).toBe(true);
    const notice = JSON.parse(result.content[0].text);
    expect(notice).toMatchObject({ code: 'INVALID_RESPONSE', operation: 'listTags', retryable: false });
    expect(notice.message).toContain('carried out');
    expect(JSON.parse(result.content[1].text)).toEqual({ type: 'list', data: 'not rows' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('results over the size cap', () => {
  it('says how to ask for less from the operation itself: its page size param, where its paging sends the cursor, or a narrower request', () => {
    expect(askForLess(operations.listNotes)).toMatch(/smaller per_page/);
    // A search pages through its body: the hint names the body path its paging descriptor writes.
    expect(askForLess(operations.SearchContacts)).toBe(
      'pass a smaller $body.pagination.per_page (e.g. 20) and ask for the next page with $body.pagination.starting_after',
    );
    expect(askForLess(operations.list_users)).toMatch(/resultsPath/);
    expect(askForLess(operations.listTags)).toMatch(/^narrow the request/);
  });

  it('cuts the largest array to what fits, and says what was cut and how to ask for less', () => {
    const answer = { type: 'list', data: Array.from({ length: 500 }, (_, i) => ({ id: i, note: 'é'.repeat(50) })), pages: { next: 'x' } };
    const fitted = fitJson(answer, 20_000, 'pass a smaller per_page');
    expect(Buffer.byteLength(fitted.text) + Buffer.byteLength(fitted.note!)).toBeLessThanOrEqual(20_000);
    const kept = (fitted.value as typeof answer).data.length;
    expect(kept).toBeGreaterThan(50);
    expect(kept).toBeLessThan(500);
    expect(JSON.parse(fitted.text).pages).toEqual({ next: 'x' });
    expect(fitted.note).toContain(`"data" shows its first ${kept} of 500 items`);
    expect(fitted.note).toContain('pass a smaller per_page');
    // One more row would not have fitted.
    const oneMore = { ...answer, data: answer.data.slice(0, kept + 1) };
    expect(Buffer.byteLength(JSON.stringify(oneMore)) + Buffer.byteLength(fitted.note!)).toBeGreaterThan(20_000);
  });

  it('an answer with no rows to cut is cut as text, within the limit, without splitting a character', () => {
    const fitted = fitJson({ text: '😀'.repeat(10_000) }, 5_000, 'ask for less');
    expect(fitted.value).toBeUndefined();
    expect(Buffer.byteLength(fitted.text) + Buffer.byteLength(fitted.note!)).toBeLessThanOrEqual(5_000);
    expect(fitted.text.startsWith('{"text":"😀😀')).toBe(true);
    expect(fitted.text).not.toMatch(/[\ud800-\udbff]$/);
    expect(fitted.note).toContain('not complete JSON');
  });

  it('a token in an answer cut as text is masked before the cut: no part of it is left at the edge', () => {
    const token = 'tok_cut_edge/0123456789abcdefghijklmnopqrstuvwxyz';
    // The cut falls somewhere before MAX_RESULT_BYTES: move the token across every position near it.
    for (let end = MAX_RESULT_BYTES - 5_000; end <= MAX_RESULT_BYTES; end += 97) {
      const answer = { blob: `${'a'.repeat(end - 10 - token.length)}${token}${'b'.repeat(5_000)}` };
      const result = successResult(answer, { token });
      const text = result.content.map((item) => item.text).join('\n');
      expect(text.includes(token.slice(0, 8)), `token start left at ${end}`).toBe(false);
    }
  });

  it('a failure over the cap is still its JSON form, code first: long strings shortened, long lists cut', () => {
    const huge = 'x'.repeat(3_000_000);
    const error = new ApiError(`getThing: Intercom answered 422 (bad: ${huge})`, {
      operation: 'getThing', status: 422, requestId: 'req-1', apiErrors: [{ code: 'bad', message: huge }],
    });
    const result = errorResult(error, undefined);
    expect(result.isError).toBe(true);
    expect(result.content.reduce((sum, item) => sum + Buffer.byteLength(item.text), 0)).toBeLessThanOrEqual(MAX_RESULT_BYTES);
    const body = JSON.parse(result.content[0].text);
    expect(body).toMatchObject({ code: 'API_ERROR', status: 422, requestId: 'req-1', operation: 'getThing', apiErrors: [{ code: 'bad' }] });
    expect(body.message.startsWith('getThing: Intercom answered 422 (bad: xxx')).toBe(true);
    expect(body.message.endsWith('…')).toBe(true);
    expect(result.content[1].text).toMatch(/^Cut: /);
    expect(result.content[1].text).not.toContain('params named in issues');
  });

  it('an answer within the limit is kept whole', () => {
    expect(fitJson({ a: 1 }, 100, 'x')).toEqual({ text: '{"a":1}', value: { a: 1 } });
  });
});

describe('compact mode', () => {
  const tools = buildTools(operations, { version: DEFAULT_VERSION });

  it('finds by name words first, then summary and tags; plural and singular meet', () => {
    const found = findOperations(tools, operations, 'delete contacts', 10);
    expect(found.operations[0].operation).toBe('DeleteContact');
    expect(found.operations.map((o) => o.operation)).toContain('delete_lead');
    expect(found.total).toBeGreaterThan(found.operations.length);
    expect(findOperations(tools, operations, 'zzzz nothing', 5)).toEqual({ query: 'zzzz nothing', total: 0, operations: [] });
    expect(findOperations(tools, operations, '', 3).total).toBe(tools.length);
  });

  it('the run tool\'s hints: destructive when any selected operation is, read-only when all are', () => {
    expect(compactTools(tools)[1].annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    const reads = buildTools(operations, { version: DEFAULT_VERSION, readOnly: true });
    expect(compactTools(reads)[1].annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
  });
});

describe('the SDK is an optional peer dependency', () => {
  it('missing: a CONFIG error (exit 2) that says how to install it', async () => {
    const missing = Object.assign(new Error("Cannot find package '@modelcontextprotocol/sdk' imported from /app/dist/cli/mcp.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadMcpSdk(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomOpsError);
    expect((error as IntercomOpsError).code).toBe('CONFIG');
    expect((error as IntercomOpsError).message).toContain('npm install @modelcontextprotocol/sdk@^1.32.2');
    expect(exitCodeFor('CONFIG')).toBe(2);
    const other = new TypeError('boom');
    await expect(loadMcpSdk(() => Promise.reject(other))).rejects.toBe(other);
    const sdk: McpSdk = await loadMcpSdk();
    expect(typeof sdk.Server).toBe('function');
  });

  it('the built command, with the package unresolvable, exits 2 with the install hint', async () => {
    // A resolve hook that answers as Node does for a package that is not installed.
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier.startsWith('@modelcontextprotocol/sdk')) {
        throw Object.assign(new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL), { code: 'ERR_MODULE_NOT_FOUND' });
      }
      return next(specifier, context);
    }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const run = promisify(execFile)(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, BIN, 'mcp'], {
      env: { PATH: process.env.PATH },
    });
    const failed = (await run.then(() => null, (e: unknown) => e)) as { code: number; stderr: string } | null;
    expect(failed).not.toBeNull();
    expect(failed!.code).toBe(2);
    const error = JSON.parse(failed!.stderr.trim().split('\n').at(-1)!);
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect(error.message).toContain('npm install @modelcontextprotocol/sdk');
  });
});
