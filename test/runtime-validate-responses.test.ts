/**
 * validateResponses: 'off' | 'warn' | 'error'. Every mismatch between an answer and its
 * operation's resultSchema is named by a JSON pointer into the answer; the description's own
 * answer examples (which its schemas accept, with the listed answer fixes) pass untouched.
 */
import { describe, expect, it } from 'vitest';
import { createRunner, operations, type Runner } from '../entry/index.js';
import { responseExamples } from '../generator/response-examples.js';
import type { Warning } from '../runtime/options.js';
import { exampleParams } from '../runtime/example-params.js';
import { loadSpec } from '../spec/load.js';
import { failure } from './support/failure.js';
import type { IntercomServer } from './support/intercom-server.js';
import { useServerAndRunner } from './support/server-fixture.js';
import { OPENAPI_DIR } from './support/shared.js';

const TOKEN = 'tok_validate_0123456789';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});

const ADMIN = { type: 'admin', id: '991267921', name: 'Ciaran Lee', email: 'admin@example.com', away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [] };
/** What users of the official SDK report Intercom answering: a numeric id, team_ids as one string. */
const DRIFTED = { ...ADMIN, id: 991267921, team_ids: '814865' };

describe('validateResponses', () => {
  it('off (the default): a drifting answer is returned as it came', async () => {
    server.on('GET', '/admins/{id}', { body: DRIFTED });
    const warnings: Warning[] = [];
    expect(await runner.run('retrieveAdmin', { id: 991267921 }, { onWarning: (w) => warnings.push(w) })).toEqual(DRIFTED);
    expect(warnings).toEqual([]);
  });

  it('warn: one warning of kind "response" per mismatch, field a JSON pointer into the answer; the answer is still returned', async () => {
    server.on('GET', '/admins/{id}', { body: DRIFTED });
    const warnings: Warning[] = [];
    const answer = await runner.run('retrieveAdmin', { id: 991267921 }, { validateResponses: 'warn', onWarning: (w) => warnings.push(w) });
    expect(answer).toEqual(DRIFTED);
    expect(warnings).toEqual([
      { operation: 'retrieveAdmin', kind: 'response', field: '/id', message: "retrieveAdmin: the answer's /id must be string (resultSchema)" },
      { operation: 'retrieveAdmin', kind: 'response', field: '/team_ids', message: "retrieveAdmin: the answer's /team_ids must be array (resultSchema)" },
    ]);
  });

  it('error: INVALID_RESPONSE with each mismatch as an issue, not retryable', async () => {
    server.on('GET', '/admins/{id}', { body: DRIFTED });
    const error = await failure(runner.run('retrieveAdmin', { id: 991267921 }, { validateResponses: 'error' }));
    expect(error).toMatchObject({
      code: 'INVALID_RESPONSE',
      operation: 'retrieveAdmin',
      status: 200,
      retryable: false,
      issues: [{ path: '/id', message: 'must be string' }, { path: '/team_ids', message: 'must be array' }],
    });
    expect(error.message).toMatch(/does not match its resultSchema: \/id must be string; \/team_ids must be array/);
    expect(server.requests).toHaveLength(1);
  });

  it('a missing required property is named by its own pointer; an answer the schema accepts passes', async () => {
    server.on('GET', '/tags', { body: { type: 'list', data: [{ type: 'tag', id: '1', name: 'VIP' }] } });
    expect(await runner.run('listTags', {}, { validateResponses: 'error' })).toMatchObject({ data: [{ name: 'VIP' }] });
    // createMessage's answer (message) requires type, id, created_at, body and message_type.
    server.on('POST', '/messages', { body: { type: 'admin_message', id: '15', created_at: 1717021920, message_type: 'email' } });
    const error = await failure(runner.run('createMessage', { $body: exampleParams(operations.createMessage.paramsSchema).$body }, { validateResponses: 'error' }));
    expect(error.issues).toEqual([{ path: '/body', message: 'is required' }]);
  });

  it('every page is checked: a bad row on page 2 is named by its pointer in that page', async () => {
    server.on('GET', '/conversations', ({ request }) => {
      const after = request.query.get('starting_after');
      const rows = after ? [{ type: 'conversation', id: 42 }] : [{ type: 'conversation', id: '1' }];
      return { body: { type: 'conversation.list', conversations: rows, pages: { type: 'pages', next: after ? null : { starting_after: 'c1' } } } };
    });
    const warnings: Warning[] = [];
    const rows: unknown[] = [];
    for await (const row of runner.iterate('listConversations', {}, { validateResponses: 'warn', onWarning: (w) => warnings.push(w) })) rows.push(row);
    expect(rows).toHaveLength(2);
    expect(warnings.map((w) => [w.kind, w.field])).toEqual([['response', '/conversations/0/id']]);
  });

  it('a v1 operation: each call it makes is checked, and the error names the v1 operation', async () => {
    server.on('GET', '/admins/{id}', { body: DRIFTED });
    const error = await failure(runner.run('get_admin', { id: '991267921' }, { validateResponses: 'error' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', operation: 'get_admin', issues: expect.arrayContaining([{ path: '/id', message: 'must be string' }]) });
  });

  it('refuses a mode it does not know (CONFIG, nothing sent)', async () => {
    const error = await failure(runner.run('listTags', {}, { validateResponses: 'strict' as never }));
    expect(error).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/validateResponses must be "off", "warn" or "error"/) });
    expect(server.requests).toHaveLength(0);
  });

  it('the 2.10 description\'s own answer examples pass under "error" (every GET operation that has one)', { timeout: 60_000 }, async () => {
    const { model } = await loadSpec('2.10', { specDir: OPENAPI_DIR, fetch: false });
    let checked = 0;
    for (const op of model.operations) {
      const entry = operations[op.name];
      if (op.method !== 'GET' || entry.kind !== 'api' || !entry.resultSchema || entry.responseContentType) continue;
      for (const { value } of responseExamples(op)) {
        const answering = createRunner({ token: TOKEN, baseUrl: 'https://api.test', fetch: async () => Response.json(value) });
        await expect(answering.run(op.name, exampleParams(entry.paramsSchema), { validateResponses: 'error' }), op.name).resolves.toEqual(value);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
