/**
 * What goes on the wire, checked at a real HTTP server: methods, encoded path params (hostile
 * values included), query serialisation per style/explode, headers, bodies, regions, options.fetch.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRunner, type Runner, operations, run } from '../entry/index.js';
import { errorList, startIntercomServer, type IntercomServer } from './support/intercom-server.js';
import { failure } from './support/failure.js';
import { useServerAndRunner } from './support/server-fixture.js';

const TOKEN = 'tok_wire_0123456789abcdef';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});

describe('registry', () => {
  it('is the generated 2.10 registry: 108 API operations keyed by name, plain frozen data', () => {
    const api = Object.values(operations).filter((e) => e.kind === 'api');
    expect(api).toHaveLength(108);
    expect(operations.listTags).toMatchObject({ name: 'listTags', kind: 'api', method: 'GET', path: '/tags', readOnly: true });
    expect(JSON.parse(JSON.stringify(operations.listTags))).toEqual(operations.listTags);
    expect(Object.isFrozen(operations) && Object.isFrozen(operations.listTags.paramsSchema)).toBe(true);
    expect(Object.hasOwn(operations, 'toString')).toBe(false);
  });
});

describe('requests on the wire', () => {
  it('GET with headers: bearer token, Intercom-Version (default the registry version), Accept; no Content-Type', async () => {
    server.on('GET', '/tags', { body: { type: 'list', data: [{ id: '1', name: 'VIP' }] } });
    const result = await runner.run('listTags', {});
    expect(result).toEqual({ type: 'list', data: [{ id: '1', name: 'VIP' }] });
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/tags');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['intercom-version']).toBe('2.10');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.body).toBe('');
  });

  it('options.version overrides Intercom-Version', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    await runner.run('listTags', {}, { version: '2.11' });
    expect(server.requests[0].headers['intercom-version']).toBe('2.11');
  });

  it('POST with a JSON body and Content-Type', async () => {
    server.on('POST', '/tags', ({ request }) => ({ body: { type: 'tag', id: '9', name: (request.json as any).name } }));
    const tag = await runner.run('createTag', { $body: { name: 'VIP' } });
    expect(tag).toEqual({ type: 'tag', id: '9', name: 'VIP' });
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({ name: 'VIP' });
  });

  it('PUT with a path param and a body (string id coerced to the declared integer)', async () => {
    server.on('PUT', '/admins/{id}/away', ({ params }) => ({ body: { type: 'admin', id: params.id, away_mode_enabled: true } }));
    await runner.run('setAwayAdmin', { id: '991267921', $body: { away_mode_enabled: true, away_mode_reassign: 'false' } });
    const [request] = server.requests;
    expect(request.method).toBe('PUT');
    expect(request.path).toBe('/admins/991267921/away');
    expect(request.json).toEqual({ away_mode_enabled: true, away_mode_reassign: false });
  });

  it('DELETE answers null for an empty body (204), and the parsed body otherwise', async () => {
    server.on('DELETE', '/tags/{id}', { status: 204 });
    expect(await runner.run('deleteTag', { id: '17' })).toBeNull();
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', path: '/tags/17' });
    server.on('DELETE', '/contacts/{id}', { body: { id: 'c1', deleted: true } });
    expect(await runner.run('DeleteContact', { id: 'c1' })).toEqual({ id: 'c1', deleted: true });
  });

  it('202 with an empty body resolves to null', async () => {
    server.on('POST', '/events', { status: 202 });
    expect(await runner.run('createDataEvent', { $body: { event_name: 'x', created_at: 1, user_id: 'u1' } })).toBeNull();
  });

  it('query parameters: scalars, and lisDataEvents filter (form + explode object) flattened', async () => {
    server.on('GET', '/events', { body: { type: 'event.summary', events: [] } });
    await runner.run('lisDataEvents', { filter: { user_id: 'u 1&x=2' }, type: 'user', summary: 'true' });
    const [request] = server.requests;
    expect(request.path).toBe('/events');
    expect(request.rawQuery).toBe('user_id=u%201%26x%3D2&type=user&summary=true');
    expect(request.query.get('user_id')).toBe('u 1&x=2');
    expect(request.query.has('filter')).toBe(false);
    server.reset();
    await runner.run('lisDataEvents', { filter: { email: 'a+b@example.com' }, type: 'user' });
    expect(server.requests[0].rawQuery).toBe('email=a%2Bb%40example.com&type=user');
  });

  it('query parameters of retrieveCompany, in spec order, omitted when not given', async () => {
    server.on('GET', '/companies', { body: { type: 'list', data: [], pages: { page: 1, total_pages: 1 } } });
    await runner.run('retrieveCompany', { company_id: 'acme/1', page: '2' });
    expect(server.requests[0].rawQuery).toBe('company_id=acme%2F1&page=2');
  });

  it('every value goes through options.fetch, which receives the final URL and headers', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ type: 'admin', id: '5' }), { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const result = await run('retrieveAdmin', { id: 5 }, { token: TOKEN, fetch });
    expect(result).toEqual({ type: 'admin', id: '5' });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('https://api.intercom.io/admins/5');
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests).toHaveLength(0);
  });

  it('regions: us, eu, au base URLs; baseUrl overrides (path prefix kept); a bad region is CONFIG', async () => {
    const urls: string[] = [];
    const fetch = (async (url: string) => {
      urls.push(url);
      return new Response('{}', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    for (const region of ['us', 'eu', 'au'] as const) await run('listTags', {}, { token: TOKEN, region, fetch });
    await run('listTags', {}, { token: TOKEN, region: 'eu', baseUrl: 'http://proxy.local:8080/intercom/', fetch });
    expect(urls).toEqual([
      'https://api.intercom.io/tags',
      'https://api.eu.intercom.io/tags',
      'https://api.au.intercom.io/tags',
      'http://proxy.local:8080/intercom/tags',
    ]);
    const bad = await failure(run('listTags', {}, { token: TOKEN, region: 'mars' as any, fetch }));
    expect(bad.code).toBe('CONFIG');
    expect(bad.message).toContain('mars');
    expect(urls).toHaveLength(4);
  });

  it('a real call without a token is CONFIG and sends nothing', async () => {
    const error = await failure(run('listTags', {}, { baseUrl: server.url }));
    expect(error.code).toBe('CONFIG');
    expect(error.operation).toBe('listTags');
    expect(server.requests).toHaveLength(0);
  });
});

describe('path parameters cannot change the endpoint', () => {
  const encoded: Array<[string, string]> = [
    ['../admins', '/tags/..%2Fadmins'],
    ['a/b', '/tags/a%2Fb'],
    ['?x=1', '/tags/%3Fx%3D1'],
    ['#frag', '/tags/%23frag'],
    ['%2e%2e', '/tags/%252e%252e'],
    ['%2F', '/tags/%252F'],
    ['two words', '/tags/two%20words'],
    ['ünïcødé✓', `/tags/${encodeURIComponent('ünïcødé✓')}`],
    ['...', '/tags/...'],
  ];
  for (const [value, path] of encoded) {
    it(`${JSON.stringify(value)} is encoded into one segment`, async () => {
      server.on('DELETE', '/tags/{id}', ({ params }) => ({ body: { id: params.id } }));
      const answer = await runner.run('deleteTag', { id: value });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0].path).toBe(path);
      expect(answer).toEqual({ id: value });
    });
  }

  for (const value of ['.', '..', '']) {
    it(`${JSON.stringify(value)} is rejected (INVALID_PARAMS naming the parameter), nothing sent`, async () => {
      const error = await failure(runner.run('deleteTag', { id: value }));
      expect(error.code).toBe('INVALID_PARAMS');
      expect(error.issues?.map((i) => i.path)).toContain('/id');
      expect(server.requests).toHaveLength(0);
    });
  }

  it('hostile values in a multi-segment path stay in their own segment', async () => {
    server.on('DELETE', '/conversations/{conversation_id}/customers/{contact_id}', { body: {} });
    await runner.run('detachContactFromConversation', {
      conversation_id: '../../me',
      contact_id: 'x?y#z',
      $body: { admin_id: '1' },
    });
    expect(server.requests[0].path).toBe('/conversations/..%2F..%2Fme/customers/x%3Fy%23z');
  });
});

describe('API errors', () => {
  const cases: Array<[number, string, string, boolean]> = [
    [400, 'parameter_invalid', 'API_ERROR', false],
    [401, 'unauthorized', 'API_ERROR', false],
    [404, 'not_found', 'API_ERROR', false],
    [500, 'server_error', 'API_ERROR', false],
  ];
  for (const [status, code, errorCode] of cases) {
    it(`${status} → ${errorCode} with status, requestId, apiErrors`, async () => {
      server.on('POST', '/tags', errorList(status, code, `boom ${status}`, { requestId: `req-${status}`, field: 'name' }));
      const error = await failure(runner.run('createTag', { $body: { name: 'x' } }, { maxRetries: 0 }));
      expect(error).toMatchObject({
        code: errorCode,
        status,
        operation: 'createTag',
        requestId: `req-${status}`,
        apiErrors: [{ code, message: `boom ${status}`, field: 'name' }],
      });
      expect(error.message).toContain(`boom ${status}`);
    });
  }

  it('5xx on GET is retryable; 404 is not; request id read from the body when the header is absent', async () => {
    server.on('GET', '/tags/{id}', { status: 404, body: { type: 'error.list', request_id: 'body-req', errors: [{ code: 'not_found', message: 'nope' }] } });
    const notFound = await failure(runner.run('findTag', { id: '1' }));
    expect(notFound).toMatchObject({ status: 404, retryable: false, requestId: 'body-req' });
    server.on('GET', '/tags', { status: 503, raw: 'upstream down' });
    const unavailable = await failure(runner.run('listTags', {}, { maxRetries: 0 }));
    expect(unavailable).toMatchObject({ code: 'API_ERROR', status: 503, retryable: true, apiErrors: [] });
  });

  it('429 → RATE_LIMITED with when to retry', async () => {
    server.on('POST', '/tags', { ...errorList(429, 'rate_limit_exceeded', 'Too many'), headers: { 'retry-after': '7', 'x-request-id': 'rl-1' } });
    const error = await failure(runner.run('createTag', { $body: { name: 'x' } }, { maxRetries: 0 }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterSeconds: 7, requestId: 'rl-1' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('createRunner', () => {
  it('presets options; per-call options override them; exposes its version\'s operations', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    const preset = createRunner({ token: TOKEN, baseUrl: server.url, version: '2.9' });
    await preset.run('listTags');
    // 2.9's registry, not the pinned one the entry exports.
    expect(preset.operations).not.toBe(operations);
    expect(preset.operations.listTags).toMatchObject({ method: 'GET', path: '/tags' });
    expect(createRunner({ token: TOKEN }).operations).toBe(operations);
    await preset.run('listTags', {}, { version: '2.12', token: 'other_token_123' });
    expect(server.requests.map((r) => [r.headers['intercom-version'], r.headers.authorization])).toEqual([
      ['2.9', `Bearer ${TOKEN}`],
      ['2.12', 'Bearer other_token_123'],
    ]);
    server.on('GET', '/conversations', { body: { conversations: [{ id: '1' }], pages: {} } });
    for await (const row of preset.iterate('listConversations', {})) expect(row).toEqual({ id: '1' });
    expect(server.requests.at(-1)!.headers['intercom-version']).toBe('2.9');
  });

  it('a dry run needs neither a token nor a network, and shows the masked header', async () => {
    const plan = await run('retrieveAdmin', { id: 991267921 }, { dryRun: true, region: 'eu' });
    expect(plan).toEqual({
      dryRun: true,
      operation: 'retrieveAdmin',
      requests: [
        {
          method: 'GET',
          url: 'https://api.eu.intercom.io/admins/991267921',
          headers: { Accept: 'application/json', 'Intercom-Version': '2.10', 'User-Agent': expect.any(String), Authorization: 'Bearer ***' },
          body: null,
        },
      ],
    });
  });
});

describe('createRunner: per-call options left undefined keep the runner’s defaults', () => {
  it('region, baseUrl and token set to undefined per call do not wipe the preset values', async () => {
    const urls: Array<[string, string]> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      urls.push([url, (init.headers as Record<string, string>).Authorization]);
      return new Response('{}', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const au = createRunner({ token: TOKEN, region: 'au', fetch });
    // A workflow step forwarding its own (unset) settings: `{ region: step.region, token: step.token }`.
    const step: { region?: 'us' | 'eu' | 'au'; token?: string; baseUrl?: string } = {};
    await au.run('listTags', {}, { region: step.region, token: step.token, baseUrl: step.baseUrl });
    expect(urls).toEqual([['https://api.au.intercom.io/tags', `Bearer ${TOKEN}`]]);

    server.on('GET', '/tags', { body: { data: [] } });
    const proxied = createRunner({ token: TOKEN, baseUrl: server.url });
    await proxied.run('listTags', {}, { baseUrl: undefined, token: undefined, region: undefined });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });
});

describe('redirects are answered, never followed', () => {
  it('302 on a POST (createTag) is API_ERROR with the status; the redirect target is never asked', async () => {
    server.on('POST', '/tags', { status: 302, headers: { location: '/elsewhere' } });
    server.on('*', '/elsewhere', { body: { type: 'tag', id: 'from-the-redirect' } });
    const error = await failure(runner.run('createTag', { $body: { name: 'VIP' } }));
    expect(error).toMatchObject({ code: 'API_ERROR', status: 302, operation: 'createTag', retryable: false });
    expect(error.message).toMatch(/redirect/);
    expect(server.requests).toHaveLength(1);
  });

  it('307 to another origin on a GET is API_ERROR; the other host receives nothing (token included)', async () => {
    const other = await startIntercomServer();
    try {
      other.on('GET', '/tags', { body: { type: 'list', data: [{ id: 'other-host' }] } });
      server.on('GET', '/tags', { status: 307, headers: { location: `${other.url}/tags` } });
      const error = await failure(runner.run('listTags'));
      expect(error).toMatchObject({ code: 'API_ERROR', status: 307 });
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('answers that are not JSON', () => {
  it('a 2xx whose body is not JSON is INVALID_RESPONSE "answer is not JSON", not a string result', async () => {
    server.on('GET', '/tags', { status: 200, headers: { 'content-type': 'text/html' }, raw: '<html>proxy login</html>' });
    const error = await failure(runner.run('listTags'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, operation: 'listTags', retryable: false });
    expect(error.message).toContain('answer is not JSON');
    expect(server.requests).toHaveLength(1);
  });

  it('downloadDataExport asks for application/octet-stream and answers the gzipped bytes undamaged', async () => {
    const csv = 'id,body\n1,héllo\n2,"a, b"\n';
    const gzipped = gzipSync(csv);
    expect(operations.downloadDataExport).toMatchObject({ responseContentType: 'application/octet-stream' });
    server.on('GET', '/download/content/data/{job}', { headers: { 'content-type': 'application/octet-stream' }, raw: gzipped });
    const bytes = await runner.run('downloadDataExport', { job_identifier: 'job-1' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).equals(gzipped)).toBe(true);
    expect(gunzipSync(bytes).toString('utf8')).toBe(csv);
    expect(server.requests[0].headers.accept).toBe('application/octet-stream');
    expect(operations.listTags).toMatchObject({ responseContentType: null });
  });
});

describe('options checked before anything is sent (CONFIG)', () => {
  it('timeoutMs above setTimeout’s limit (2^31 − 1) is CONFIG, not an instant TIMEOUT', async () => {
    server.on('GET', '/tags', { body: { data: [] } });
    for (const timeoutMs of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      expect((await failure(runner.run('listTags', {}, { timeoutMs }))).code).toBe('CONFIG');
    }
    expect(server.requests).toHaveLength(0);
    expect(await runner.run('listTags', {}, { timeoutMs: 2 ** 31 - 1 })).toEqual({ data: [] });
  });

  it('maxItems must be a non-negative integer', async () => {
    for (const maxItems of [2.5, -1, Number.NaN]) {
      expect((await failure(runner.run('listTags', {}, { maxItems }))).code).toBe('CONFIG');
    }
    expect(server.requests).toHaveLength(0);
  });
});
