/**
 * One transport for both faces: the typed client (generated/<version>/client.ts, openapi-fetch)
 * sends through the runtime's `send()`, over real HTTP (test/support/intercom-server.ts): the
 * same retries (429 always, 5xx for reads only), timeouts, refused redirects, and coded errors
 * without the token as `run()`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIntercomClient, createTag, detachContactFromACompany, ListAttachedContacts, listTags, retrieveAdmin } from '../generated/2.10/client.js';
import * as preview from '../generated/preview/client.js';
import { ApiError, IntercomOpsError, TimeoutError } from '../runtime/errors.js';
import { errorList, startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { failure } from './support/failure.js';

const TOKEN = 'tok_client_SECRET_7f3a9c';
let server: IntercomServer;

beforeAll(async () => {
  server = await startIntercomServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset({ routes: true }));

const client = () => createIntercomClient({ token: TOKEN, baseUrl: server.url, timeoutMs: 2_000 });

describe('typed client through the runtime transport', () => {
  it('answers { data } as openapi-fetch parses it, with the headers of the version', async () => {
    server.on('GET', '/admins/{id}', ({ params }) => ({ body: { type: 'admin', id: params.id, email: 'a@example.com' } }));
    const { data, error } = await retrieveAdmin(client(), { params: { path: { id: 7 } } });
    expect(error).toBeUndefined();
    expect(data).toEqual({ type: 'admin', id: '7', email: 'a@example.com' });
    const [request] = server.requests;
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['intercom-version']).toBe('2.10');
    server.on('GET', '/tags', { body: { type: 'list', data: [] } });
    await preview.listTags(preview.createIntercomClient({ token: TOKEN, baseUrl: server.url }));
    expect(server.requests.at(-1)!.headers['intercom-version']).toBe('Preview');
  });

  it('retries a 429 (every method) and a 503 on a read, as run() does', async () => {
    server.on('GET', '/tags', [{ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, { body: { type: 'list', data: [{ id: '1' }] } }]);
    const { data } = await listTags(client());
    expect(data).toEqual({ type: 'list', data: [{ id: '1' }] });
    expect(server.requestsTo('GET', '/tags')).toHaveLength(3);
  });

  it('never resends a write that may have reached the server (503 on POST /tags)', async () => {
    server.on('POST', '/tags', [{ status: 503 }, { body: { type: 'tag', id: '1', name: 'VIP' } }]);
    const error = await failure(createTag(client(), { body: { name: 'VIP' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'API_ERROR', status: 503, operation: 'createTag' });
    expect(server.requestsTo('POST', '/tags')).toHaveLength(1);
  });

  it('rejects a 4xx with the coded error (status, request id, Intercom\'s errors) and no token anywhere', async () => {
    server.on('GET', '/admins/{id}', errorList(404, 'not_found', `no admin for ${TOKEN}`, { requestId: 'req-1' }));
    const error = await failure(retrieveAdmin(client(), { params: { path: { id: 1 } } }));
    expect(error).toBeInstanceOf(IntercomOpsError);
    expect(error).toMatchObject({ code: 'API_ERROR', status: 404, requestId: 'req-1', operation: 'retrieveAdmin' });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String(error.message) + String(error.stack)).not.toContain(TOKEN);
  });

  it('names the operation of the route a URL is for, not a shorter route it ends with (also under a baseUrl prefix)', async () => {
    server.on('GET', '/companies/{id}/contacts', errorList(404, 'not_found', 'no company'));
    server.on('DELETE', '/contacts/{contact_id}/companies/{id}', errorList(404, 'not_found', 'no contact'));
    const listed = await failure(ListAttachedContacts(client(), { params: { path: { id: 'c1' } } }));
    expect(listed).toMatchObject({ code: 'API_ERROR', status: 404, operation: 'ListAttachedContacts' });
    const detached = await failure(detachContactFromACompany(client(), { params: { path: { contact_id: 'u1', id: 'c1' } } }));
    expect(detached).toMatchObject({ code: 'API_ERROR', status: 404, operation: 'detachContactFromACompany' });
    server.on('GET', '/proxy/companies/{id}/contacts', errorList(404, 'not_found', 'no company'));
    const prefixed = createIntercomClient({ token: TOKEN, baseUrl: `${server.url}/proxy`, timeoutMs: 2_000 });
    expect(await failure(ListAttachedContacts(prefixed, { params: { path: { id: 'c1' } } }))).toMatchObject({ operation: 'ListAttachedContacts' });
  });

  it('refuses a redirect instead of following it', async () => {
    server.on('GET', '/tags', { status: 302, headers: { location: `${server.url}/elsewhere` } });
    server.on('GET', '/elsewhere', { body: { hijacked: true } });
    const error = await failure(listTags(client()));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 302 });
    expect(server.requestsTo('GET', '/elsewhere')).toHaveLength(0);
  });

  it('times out a request that does not answer', async () => {
    server.on('GET', '/tags', { hang: true });
    const error = await failure(listTags(createIntercomClient({ token: TOKEN, baseUrl: server.url, timeoutMs: 200, maxRetries: 0 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', operation: 'listTags' });
  });
});
