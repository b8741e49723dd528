/**
 * The company scroll's rules as typed errors: one open scroll per workspace (400 scroll_exists)
 * and an expired scroll_param (404 / 400 "scroll parameter not found", or a 500 asking to restart
 * the scroll); each says what to do, and none is sent again.
 */
import { describe, expect, it } from 'vitest';
import type { Runner } from '../entry/index.js';
import { ApiError, ScrollExistsError, ScrollExpiredError } from '../runtime/errors.js';
import { failure } from './support/failure.js';
import { errorList, type IntercomServer } from './support/intercom-server.js';
import { useServerAndRunner } from './support/server-fixture.js';

const TOKEN = 'tok_scroll_errors_0123456789';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});

describe('company scroll errors', () => {
  it('scroll_exists: ScrollExistsError (API_ERROR 400), saying one scroll per workspace and what to do, sent once', async () => {
    server.on('GET', '/companies/scroll', errorList(400, 'scroll_exists', 'scroll already exists for this app'));
    const error = await failure(runner.run('scrollOverAllCompanies', {}));
    expect(error).toBeInstanceOf(ScrollExistsError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'API_ERROR', status: 400, retryable: false, scroll: 'exists', apiErrors: [{ code: 'scroll_exists' }] });
    expect(error.message).toMatch(/Intercom allows one at a time.*a minute after its last page/);
    expect(server.requests).toHaveLength(1);
  });

  it('the same refusal without a code (older answers: only the message) is recognised too', async () => {
    server.on('GET', '/companies/scroll', { status: 400, body: { type: 'error.list', errors: [{ code: '', message: 'scroll already exists for this app' }] } });
    expect(await failure(runner.run('scrollOverAllCompanies', {}))).toBeInstanceOf(ScrollExistsError);
  });

  it('an expired scroll_param: ScrollExpiredError, saying to start again without it, sent once', async () => {
    server.on('GET', '/companies/scroll', errorList(404, 'not_found', 'scroll parameter not found'));
    const error = await failure(runner.run('scrollOverAllCompanies', { scroll_param: 'expired-1' }));
    expect(error).toBeInstanceOf(ScrollExpiredError);
    expect(error).toMatchObject({ code: 'API_ERROR', status: 404, retryable: false, scroll: 'expired' });
    expect(error.message).toMatch(/start again without scroll_param/);
    expect(server.requests).toHaveLength(1);
  });

  it('mid-iteration: the rows read so far, then ScrollExpiredError (Intercom lost the scroll: 500 "restart the scroll"), not retried', async () => {
    server.on('GET', '/companies/scroll', [
      { body: { type: 'list', data: [{ id: 'co-1' }], scroll_param: 'sp-1' } },
      errorList(500, 'server_error', 'Request failed due to an internal network error. Please restart the scroll operation.'),
    ]);
    const rows: unknown[] = [];
    const error = await failure((async () => {
      for await (const row of runner.iterate('scrollOverAllCompanies', {})) rows.push(row);
    })());
    expect(rows).toEqual([{ id: 'co-1' }]);
    expect(error).toBeInstanceOf(ScrollExpiredError);
    expect(server.requests.map((r) => r.rawQuery)).toEqual(['', 'scroll_param=sp-1']);
  });

  it('v1 scroll_companies gets the same errors; other failures of a scroll stay as they were', async () => {
    server.on('GET', '/companies/scroll', errorList(400, 'scroll_exists', 'scroll already exists for this app'));
    expect(await failure(runner.run('scroll_companies', {}))).toMatchObject({ scroll: 'exists', operation: 'scroll_companies' });
    server.reset({ routes: true });
    server.on('GET', '/companies/scroll', errorList(401, 'unauthorized', 'Access Token Invalid'));
    const other = await failure(runner.run('scrollOverAllCompanies', {}));
    expect(other).not.toBeInstanceOf(ScrollExistsError);
    expect(other).not.toBeInstanceOf(ScrollExpiredError);
    expect(other).toMatchObject({ code: 'API_ERROR', status: 401 });
  });
});
