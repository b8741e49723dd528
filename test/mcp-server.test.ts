/**
 * `intercom-ops mcp` end to end: the SDK's own client spawns the built bin over stdio and talks
 * to it while a loopback server plays Intercom. Tool counts per filter are checked against the
 * registry read independently here (tags of v1 operations from the operations they call).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { operations, type OperationEntry } from '../entry/index.js';
import { BIN, expectNoToken, startMcp, type McpSession } from './support/mcp-client.js';
import { errorList, startIntercomServer, type IntercomServer } from './support/intercom-server.js';

// Characters that percent-, form- and JSON-encode differently, so every spelling is looked for.
const TOKEN = 'tok_mcp/Secret+9=z';
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

type ToolResult = { content: Array<{ type: string; text: string }>; isError?: boolean; structuredContent?: unknown };

const offered = Object.values(operations).filter((entry) => !(entry.kind === 'v1' && entry.unavailable));
function tagsOf(entry: OperationEntry): string[] {
  if (entry.kind === 'api') return entry.tags;
  return entry.calls.flatMap((call) => {
    const target = operations[call];
    return target?.kind === 'api' ? target.tags : [];
  });
}
function namesWhere(test: (entry: OperationEntry) => boolean): string[] {
  return offered.filter(test).map((entry) => entry.name).sort();
}
const hasTag = (entry: OperationEntry, ...tags: string[]) => tagsOf(entry).some((tag) => tags.includes(tag));

async function toolNames(args: string[]): Promise<string[]> {
  const session = await startMcp(args);
  try {
    const { tools } = await session.client.listTools();
    return tools.map((tool) => tool.name).sort();
  } finally {
    await session.close();
  }
}

function textOf(result: ToolResult): string {
  return result.content.map((item) => item.text).join('\n');
}

/** The JSON of a tool result's answer: its first text. */
function answerOf(result: ToolResult): any {
  return JSON.parse(result.content[0].text);
}

describe('mcp: tools per filter (filters AND together, a comma list is any)', () => {
  const cases: Array<[string[], string[]]> = [
    [[], namesWhere(() => true)],
    [['--read-only'], namesWhere((e) => e.readOnly)],
    [['--kind', 'v1'], namesWhere((e) => e.kind === 'v1')],
    [['--kind', 'api'], namesWhere((e) => e.kind === 'api')],
    [['--read-only', '--kind', 'v1'], namesWhere((e) => e.readOnly && e.kind === 'v1')],
    [['--tags', 'Contacts'], namesWhere((e) => hasTag(e, 'Contacts'))],
    [['--tags', 'contacts,Tags'], namesWhere((e) => hasTag(e, 'Contacts', 'Tags'))],
    [['--read-only', '--kind', 'api', '--tags', 'Contacts'], namesWhere((e) => e.readOnly && e.kind === 'api' && hasTag(e, 'Contacts'))],
    [['--operations', 'listTags,archive_user,retrieveAdmin'], ['archive_user', 'listTags', 'retrieveAdmin']],
    [['--operations', 'listTags,createTag', '--read-only'], ['listTags']],
  ];

  it('the registry has both kinds and the filters select distinct sets', () => {
    expect(offered.filter((e) => e.kind === 'v1')).toHaveLength(57);
    const sizes = new Set(cases.map(([, names]) => names.length));
    expect(sizes.size).toBeGreaterThan(6);
    // A v1 operation takes its tags from the calls it makes: archive_user is a Contacts operation.
    expect(cases[5][1]).toContain('archive_user');
  });

  for (const [args, expected] of cases) {
    it(`mcp ${args.join(' ') || '(no filter)'}: ${expected.length} tools`, async () => {
      expect(await toolNames(args)).toEqual(expected);
    });
  }
});

describe('mcp: tools, calls and failures over stdio', () => {
  let server: IntercomServer;
  let session: McpSession;
  let tools: Awaited<ReturnType<McpSession['client']['listTools']>>['tools'];
  const outputs: string[] = [];

  async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const result = (await session.client.callTool({ name, arguments: args })) as ToolResult;
    const text = JSON.stringify(result);
    outputs.push(text);
    expectNoToken(text, TOKEN, `result of ${name}`);
    return result;
  }

  beforeAll(async () => {
    server = await startIntercomServer();
    session = await startMcp(['--base-url', server.url], { INTERCOM_TOKEN: TOKEN });
    tools = (await session.client.listTools()).tools;
    outputs.push(JSON.stringify(tools));
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  beforeEach(() => server.reset({ routes: true }));

  it('one tool per operation, named by the operation name, inputSchema an object schema, description plain text ≤ 1,024', () => {
    expect(tools.map((t) => t.name).sort()).toEqual(namesWhere(() => true));
    for (const tool of tools) {
      expect(tool.name).toMatch(TOOL_NAME);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description!.length).toBeLessThanOrEqual(1024);
      expect(tool.description, tool.name).not.toMatch(/[`<>]|\*\*|\]\(/);
    }
    const retrieveAdmin = tools.find((t) => t.name === 'retrieveAdmin')!;
    expect(retrieveAdmin.inputSchema).toEqual(operations.retrieveAdmin.paramsSchema);
    expect(tools.find((t) => t.name === 'archive_user')!.description).toContain('SearchContacts, ArchiveContact');
  });

  it('annotations: readOnlyHint, destructiveHint and idempotentHint always set; readOnly from the registry; the destructive rule', () => {
    for (const tool of tools) {
      const a = tool.annotations!;
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint'] as const) expect(typeof a[hint], `${tool.name} ${hint}`).toBe('boolean');
      expect(a.readOnlyHint).toBe(operations[tool.name].readOnly);
      if (a.readOnlyHint) expect(a.destructiveHint).toBe(false);
    }
    const hints = (name: string) => tools.find((t) => t.name === name)!.annotations!;
    for (const name of ['archive_user', 'ArchiveContact', 'DeleteContact', 'delete_lead', 'MergeContact', 'convert_lead', 'detachTagFromContact', 'detachContactFromACompany', 'redactConversation']) {
      expect(hints(name).destructiveHint, name).toBe(true);
    }
    for (const name of ['createNote', 'CreateContact', 'UpdateContact', 'UnarchiveContact', 'listTags', 'replyConversation']) {
      expect(hints(name).destructiveHint, name).toBe(false);
    }
    expect(hints('listTags').idempotentHint).toBe(true);
    expect(hints('UpdateContact').idempotentHint).toBe(true);
    expect(hints('DeleteContact').idempotentHint).toBe(true);
    expect(hints('CreateContact').idempotentHint).toBe(false);
    expect(hints('archive_user').idempotentHint).toBe(false);
  });

  it('a read-only tool calls Intercom with the token and answers the JSON', async () => {
    server.on('GET', '/tags', { body: { type: 'list', data: [{ type: 'tag', id: '17', name: 'VIP' }] } });
    const result = await call('listTags', {});
    expect(result.isError).toBeFalsy();
    expect(answerOf(result).data[0]).toEqual({ type: 'tag', id: '17', name: 'VIP' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0].headers['intercom-version']).toBe('2.10');
  });

  it('a v1 tool runs its binding (lookup, then the write)', async () => {
    server.on('POST', '/contacts/search', { body: { type: 'list', data: [{ type: 'contact', id: 'c1', email: 'a@example.com' }], total_count: 1 } });
    server.on('POST', '/contacts/{id}/archive', ({ params }) => ({ body: { id: params.id, object: 'contact', archived: true } }));
    const result = await call('archive_user', { email: 'a@example.com' });
    expect(result.isError).toBeFalsy();
    expect(answerOf(result)).toMatchObject({ id: 'c1', archived: true });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/search', 'POST /contacts/c1/archive']);
  });

  it('invalid params: a tool error with code, message and issues naming the params; nothing sent', async () => {
    const result = await call('retrieveAdmin', { bogus: true });
    expect(result.isError).toBe(true);
    const error = answerOf(result);
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.message).toContain('bogus');
    expect(error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['/bogus', '/id']);
    expect(server.requests).toHaveLength(0);
  });

  it('a failing API answer: a tool error with code API_ERROR, status, request id and Intercom\'s errors', async () => {
    server.on('GET', '/admins/{id}', errorList(404, 'admin_not_found', 'Admin Not Found', { requestId: 'req-mcp-404' }));
    const result = await call('retrieveAdmin', { id: 404 });
    expect(result.isError).toBe(true);
    expect(answerOf(result)).toMatchObject({
      code: 'API_ERROR',
      status: 404,
      requestId: 'req-mcp-404',
      apiErrors: [{ code: 'admin_not_found', message: 'Admin Not Found' }],
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('an unknown tool is a tool error with suggestions', async () => {
    const result = await call('listTag', {});
    expect(result.isError).toBe(true);
    expect(answerOf(result)).toMatchObject({ code: 'UNKNOWN_OPERATION' });
    expect(answerOf(result).suggestions).toContain('listTags');
  });

  it('an answer over 1 MiB is cut to rows that fit, and says so and how to ask for less (per_page)', async () => {
    const conversations = Array.from({ length: 3000 }, (_, i) => ({ type: 'conversation', id: String(i), title: 'x'.repeat(400) }));
    server.on('GET', '/conversations', { body: { type: 'conversation.list', conversations, pages: { type: 'pages', per_page: 3000 } } });
    const result = await call('listConversations', {});
    expect(result.isError).toBeFalsy();
    const total = result.content.reduce((sum, item) => sum + Buffer.byteLength(item.text), 0);
    expect(total).toBeLessThanOrEqual(1024 * 1024);
    // The answer's JSON comes first, the note after it.
    expect(result.content).toHaveLength(2);
    expect(result.content[1].text).toMatch(/^Cut: /);
    expect(result.content[1].text).toContain('per_page');
    const answer = answerOf(result);
    expect(answer.conversations.length).toBeGreaterThan(1000);
    expect(answer.conversations.length).toBeLessThan(3000);
    expect(answer.conversations[0]).toEqual(conversations[0]);
    expect(answer.pages).toEqual({ type: 'pages', per_page: 3000 });
  });

  it('an answer that echoes the token does not carry it out of the server', async () => {
    server.on('GET', '/me', ({ request }) => ({ body: { type: 'admin', id: '1', echoed: request.headers.authorization } }));
    const result = await call('identifyAdmin', {});
    expect(result.isError).toBeFalsy();
    expect(answerOf(result)).toMatchObject({ type: 'admin', id: '1' });
  });

  it('no output (tools, results, errors, log) holds the token in any encoding', () => {
    expect(outputs.length).toBeGreaterThan(5);
    for (const text of outputs) expectNoToken(text, TOKEN, 'an output');
    expect(session.stderr()).toContain('"mcp":"serving"');
    expectNoToken(session.stderr(), TOKEN, 'the log');
  });
});

describe('mcp --dry-run', () => {
  let server: IntercomServer;
  let session: McpSession;
  beforeAll(async () => {
    server = await startIntercomServer();
    session = await startMcp(['--dry-run', '--kind', 'v1', '--base-url', server.url], { INTERCOM_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('tools say they answer plans; a call answers the plan, token masked, nothing sent', async () => {
    const { tools } = await session.client.listTools();
    expect(tools).toHaveLength(57);
    for (const tool of tools) {
      expect(tool.description).toContain('Dry run');
      expect(tool.outputSchema).toBeUndefined();
      expect(tool.annotations!.openWorldHint).toBe(false);
    }
    const result = (await session.client.callTool({ name: 'archive_user', arguments: { email: 'a@example.com' } })) as ToolResult;
    expect(result.isError).toBeFalsy();
    const plan = answerOf(result);
    expect(plan).toMatchObject({ dryRun: true, operation: 'archive_user' });
    expect(plan.requests[0]).toMatchObject({ method: 'POST', url: `${server.url}/contacts/search` });
    expect(plan.requests[0].headers.Authorization).toBe('Bearer ***');
    expectNoToken(textOf(result), TOKEN, 'the plan');
    expect(server.requests).toHaveLength(0);
  });

  it('invalid params are still a tool error in a dry run', async () => {
    const result = (await session.client.callTool({ name: 'archive_user', arguments: { email: 'a@example.com', extra: 1 } })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(answerOf(result)).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('mcp --compact', () => {
  let server: IntercomServer;
  let session: McpSession;
  beforeAll(async () => {
    server = await startIntercomServer();
    session = await startMcp(['--compact', '--read-only', '--base-url', server.url], { INTERCOM_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  beforeEach(() => server.reset({ routes: true }));

  async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const result = (await session.client.callTool({ name, arguments: args })) as ToolResult;
    expectNoToken(JSON.stringify(result), TOKEN, name);
    return result;
  }

  it('serves two tools whose hints sum up the selected operations', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['find_operations', 'run_operation']);
    const run = tools[1];
    expect(run.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    expect(run.inputSchema.required).toEqual(['operation']);
  });

  it('find_operations finds by words among the selected operations, with summaries and params schemas', async () => {
    const found = answerOf(await call('find_operations', { query: 'list tags' }));
    expect(found.operations[0].operation).toMatch(/^(listTags|list_tags)$/);
    expect(found.operations.length).toBeLessThanOrEqual(5);
    for (const operation of found.operations) {
      expect(operation.readOnly).toBe(true);
      expect(operation.paramsSchema.type).toBe('object');
      expect(typeof operation.summary).toBe('string');
    }
    // Tags are words too: "Help Center" operations answer to "help".
    const help = answerOf(await call('find_operations', { query: 'help center', limit: 25 }));
    expect(help.operations.map((o: { operation: string }) => o.operation)).toContain('listHelpCenters');
    // Writes are not selected (--read-only), so they are not found.
    const archive = answerOf(await call('find_operations', { query: 'archive contact', limit: 25 }));
    expect(archive.operations.map((o: { operation: string }) => o.operation)).not.toContain('ArchiveContact');
  });

  it('run_operation runs a selected operation by name with params', async () => {
    server.on('GET', '/admins/{id}', ({ params }) => ({ body: { type: 'admin', id: params.id } }));
    const result = await call('run_operation', { operation: 'retrieveAdmin', params: { id: 991267921 } });
    expect(result.isError).toBeFalsy();
    expect(answerOf(result)).toEqual({ type: 'admin', id: '991267921' });
    expect(server.requests.map((r) => r.path)).toEqual(['/admins/991267921']);
  });

  it('run_operation: invalid params, an operation outside the filters and bad arguments are tool errors; nothing sent', async () => {
    const invalid = await call('run_operation', { operation: 'retrieveAdmin', params: { id: 1, extra: 'x' } });
    expect(invalid.isError).toBe(true);
    expect(answerOf(invalid)).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: '/extra' }] });
    const write = await call('run_operation', { operation: 'createTag', params: { $body: { name: 'VIP' } } });
    expect(write.isError).toBe(true);
    expect(answerOf(write).code).toBe('UNKNOWN_OPERATION');
    const badArgs = await call('find_operations', { query: 5, limit: 0 });
    expect(answerOf(badArgs)).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(answerOf(badArgs).issues.map((i: { path: string }) => i.path)).toEqual(['/query', '/limit']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('mcp: bad options fail the command (exit 2) before it serves', () => {
  async function exitOf(args: string[]) {
    try {
      await promisify(execFile)(process.execPath, [BIN, 'mcp', ...args], { env: { PATH: process.env.PATH, INTERCOM_TOKEN: TOKEN } });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  }

  it('an unknown region, tag, kind or operation, or filters that select nothing', async () => {
    const region = await exitOf(['--region', 'mars']);
    expect(region.code).toBe(2);
    // The error is about the command's option, not about any one operation.
    expect(JSON.parse(region.stderr)).toMatchObject({ code: 'CONFIG', operation: 'mcp', message: expect.stringMatching(/^mcp: unknown region "mars"/) });
    const baseUrl = await exitOf(['--tags', 'Tags', '--base-url', 'ftp://example.com']);
    expect(baseUrl.code).toBe(2);
    expect(JSON.parse(baseUrl.stderr)).toMatchObject({ code: 'CONFIG', operation: 'mcp', message: 'mcp: baseUrl must be http or https' });
    const tag = await exitOf(['--tags', 'Nope']);
    expect(tag.code).toBe(2);
    expect(JSON.parse(tag.stderr).message).toContain('Contacts');
    const name = await exitOf(['--operations', 'listTag']);
    expect(name.code).toBe(2);
    expect(JSON.parse(name.stderr)).toMatchObject({ code: 'UNKNOWN_OPERATION', suggestions: expect.arrayContaining(['listTags']) });
    expect((await exitOf(['--kind', 'v2'])).code).toBe(2);
    const none = await exitOf(['--read-only', '--operations', 'createTag']);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stderr).message).toContain('no operation matches');
    for (const result of [region, baseUrl, tag, name, none]) expectNoToken(result.stderr, TOKEN, 'stderr');
  });
});

describe('mcp: the client going away ends the server cleanly', () => {
  let server: IntercomServer;
  beforeAll(async () => {
    server = await startIntercomServer();
    server.on('GET', '/tags', { delayMs: 800, body: { type: 'list', data: [] } });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Starts the bin, sends initialize and a slow tools/call, lets `leave` close the pipes; resolves to the exit and stderr. */
  async function leaveDuringCall(leave: (child: ReturnType<typeof spawn>) => void) {
    const child = spawn(process.execPath, [BIN, 'mcp', '--base-url', server.url], { env: { PATH: process.env.PATH, INTERCOM_TOKEN: TOKEN }, stdio: 'pipe' });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? String(signal))));
    const send = (message: object) => child.stdin!.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'listTags', arguments: {} } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    leave(child);
    return { code: await exited, stderr };
  }

  it('stdin ends while a call is in flight: exit 0', async () => {
    const { code, stderr } = await leaveDuringCall((child) => child.stdin!.end());
    expect(code, stderr).toBe(0);
  });

  it('the client stops reading (stdout closed) while a call is in flight: exit 0, no crash on the failed write', async () => {
    // stdin stays open: the server learns that the client is gone when it writes the answer.
    const { code, stderr } = await leaveDuringCall((child) => child.stdout!.destroy());
    expect(stderr).not.toContain('EPIPE');
    expect(code, stderr).toBe(0);
  });
});
