/**
 * run() answers the first page; iterate() streams rows over every page for each pagination style,
 * asking for a page only when the consumer wants its rows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../generator/index.js';
import { createRunner, type Runner, operations } from '../entry/index.js';
import { loadRegistry } from '../runtime/registry-data.js';
import type { IntercomServer, RouteMatch } from './support/intercom-server.js';
import { OPENAPI_DIR } from './support/shared.js';
import { REPO_ROOT as PACKAGE_ROOT } from '../spec/repo-root.js';
import { useServerAndRunner } from './support/server-fixture.js';
import { registryIn } from './support/registry-module.js';

const TOKEN = 'tok_pages_0123456789';
let server: IntercomServer;
let runner: Runner;
useServerAndRunner(TOKEN, (s, r) => {
  server = s;
  runner = r;
});

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Where an operation's pages hold their rows, as the generator detected it. */
function rowsKey(name: string): string {
  const entry = operations[name];
  if (entry.kind !== 'api' || !entry.pagination) throw new Error(`${name} does not page`);
  return entry.pagination.rowsPath;
}

/** Three pages of rows under `key`, cursor "c1", "c2" (pages.next.starting_after). */
function cursorPages(key: string, cursorOf: (m: RouteMatch) => string | null) {
  return (match: RouteMatch) => {
    const cursor = cursorOf(match);
    const index = cursor === null ? 0 : Number(cursor.slice(1));
    const next = index < 2 ? { starting_after: `c${index + 1}` } : null;
    return { body: { type: 'list', [key]: [{ id: `${index}a` }, { id: `${index}b` }], pages: { type: 'pages', next } } };
  };
}

describe('pagination styles', () => {
  it('each entry spells out its paging as data (rows, pointer from / to, carried values, stop rules)', () => {
    const descriptors = Object.fromEntries(
      Object.values(operations).flatMap((e) => (e.kind === 'api' && e.pagination ? [[e.name, e.pagination]] : [])),
    );
    expect(descriptors.SearchContacts).toEqual({
      style: 'cursor-body',
      rowsPath: 'data',
      next: { from: 'pages.next.starting_after', kind: 'cursor', to: '$body.pagination.starting_after' },
      carry: [{ from: 'pages.per_page', to: '$body.pagination.per_page' }],
      stop: { hasMorePath: null, totalPagesPath: null, pageNumberPath: null, emptyPageEnds: false },
      repeatsPointer: false,
    });
    expect(descriptors.listConversations).toMatchObject({ next: { from: 'pages.next.starting_after', kind: 'cursor', to: 'starting_after' }, carry: [] });
    expect(descriptors.listAllCompanies).toMatchObject({
      next: { from: 'pages.page', kind: 'page-number', to: 'page' },
      stop: { totalPagesPath: 'pages.total_pages', emptyPageEnds: true },
    });
    expect(descriptors.scrollOverAllCompanies).toMatchObject({ next: { from: 'scroll_param', kind: 'cursor', to: 'scroll_param' }, repeatsPointer: true });
    expect(descriptors.lisDataEvents).toMatchObject({ next: { from: 'pages.next', kind: 'url', to: null }, stop: { emptyPageEnds: true } });
    // page and per_page declared by fix declare-paging-parameters (2.11 declares them).
    expect(descriptors.listCompaniesForAContact).toMatchObject({ next: { from: 'pages.page', kind: 'page-number', to: 'page' } });
    // No parameter to ask for a page (none declared anywhere): the answer's next URL, and its page numbers to notice a cut.
    expect(descriptors.listNewsItems).toMatchObject({
      style: 'answer-pages',
      next: { from: 'pages.next', kind: 'url', to: null },
      stop: { totalPagesPath: 'pages.total_pages', pageNumberPath: 'pages.page' },
    });
  });

  it('the paginator holds no Intercom name: every one comes from the descriptor', () => {
    const source = readFileSync(join(PACKAGE_ROOT, 'runtime', 'pagination.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const name of ['starting_after', 'scroll_param', 'pages', 'per_page', 'total_pages', 'next_cursor', 'has_more', 'intercom']) {
      expect(source, name).not.toContain(name);
    }
  });

  it('uses every style the generator detects in 2.10', () => {
    const styles = new Set(Object.values(operations).flatMap((e) => (e.kind === 'api' && e.pagination ? [e.pagination.style] : [])));
    expect([...styles].sort()).toEqual(['answer-pages', 'cursor-body', 'cursor-query', 'next-url', 'page', 'scroll']);
  });

  it('cursor-query (listConversations): starting_after in the query', async () => {
    server.on('GET', '/conversations', cursorPages(rowsKey('listConversations'), ({ request }) => request.query.get('starting_after')));
    const rows = await collect(runner.iterate('listConversations', { per_page: '2' }));
    expect(rows.map((r: any) => r.id)).toEqual(['0a', '0b', '1a', '1b', '2a', '2b']);
    expect(server.requests.map((r) => r.rawQuery)).toEqual(['per_page=2', 'per_page=2&starting_after=c1', 'per_page=2&starting_after=c2']);
  });

  it('cursor-body (SearchContacts): pagination.starting_after in the body, the query kept', async () => {
    server.on('POST', '/contacts/search', cursorPages(rowsKey('SearchContacts'), ({ request }) => (request.json as any).pagination?.starting_after ?? null));
    const body = { query: { field: 'role', operator: '=', value: 'user' }, pagination: { per_page: 2 } };
    const rows = await collect(runner.iterate('SearchContacts', { $body: body }));
    expect(rows).toHaveLength(6);
    expect(server.requests.map((r) => r.json)).toEqual([
      body,
      { ...body, pagination: { per_page: 2, starting_after: 'c1' } },
      { ...body, pagination: { per_page: 2, starting_after: 'c2' } },
    ]);
  });

  it('cursor-body without a page size: the next pages carry the per_page the API answered (required from 2.11)', async () => {
    server.on('POST', '/contacts/search', ({ request }) => {
      const cursor = (request.json as any).pagination?.starting_after ?? null;
      const next = cursor === null ? { starting_after: 'c1' } : null;
      return { body: { type: 'list', data: [{ id: cursor ?? 'first' }], pages: { type: 'pages', per_page: 50, next } } };
    });
    const body = { query: { field: 'role', operator: '=', value: 'lead' } };
    expect(await collect(runner.iterate('SearchContacts', { $body: body }))).toEqual([{ id: 'first' }, { id: 'c1' }]);
    expect(server.requests.map((r) => r.json)).toEqual([body, { ...body, pagination: { per_page: 50, starting_after: 'c1' } }]);
  });

  it('cursor-body with another rows key (searchConversations → conversations)', async () => {
    server.on('POST', '/conversations/search', cursorPages(rowsKey('searchConversations'), ({ request }) => (request.json as any).pagination?.starting_after ?? null));
    const rows = await collect(runner.iterate('searchConversations', { $body: { query: { field: 'open', operator: '=', value: true } } }));
    expect(rows).toHaveLength(6);
  });

  it('page (listAllCompanies): page=n+1 until total_pages', async () => {
    server.on('POST', '/companies/list', ({ request }) => {
      const page = Number(request.query.get('page') ?? 1);
      return { body: { type: 'list', [rowsKey('listAllCompanies')]: [{ id: `p${page}` }], pages: { type: 'pages', page, per_page: 1, total_pages: 3 } } };
    });
    const rows = await collect(runner.iterate('listAllCompanies', { per_page: 1 }));
    expect(rows.map((r: any) => r.id)).toEqual(['p1', 'p2', 'p3']);
    expect(server.requests.map((r) => r.rawQuery)).toEqual(['per_page=1', 'page=2&per_page=1', 'page=3&per_page=1']);
  });

  it('scroll (scrollOverAllCompanies): scroll_param echoed until an empty page', async () => {
    server.on('GET', '/companies/scroll', ({ count }) => ({
      body: { type: 'list', [rowsKey('scrollOverAllCompanies')]: count < 2 ? [{ id: `s${count}` }] : [], scroll_param: 'scroll-1' },
    }));
    const rows = await collect(runner.iterate('scrollOverAllCompanies', {}));
    expect(rows.map((r: any) => r.id)).toEqual(['s0', 's1']);
    expect(server.requests.map((r) => r.rawQuery)).toEqual(['', 'scroll_param=scroll-1', 'scroll_param=scroll-1']);
  });

  it('next-url (lisDataEvents): path and query of pages.next, sent to our base URL only', async () => {
    server.on('GET', '/events', ({ request }) => {
      const page = Number(request.query.get('page') ?? 1);
      const next = page < 2 ? `https://evil.example.com/events?type=user&user_id=u1&page=${page + 1}` : null;
      return { body: { type: 'event.list', [rowsKey('lisDataEvents')]: [{ id: `n${page}` }], pages: { next } } };
    });
    const rows = await collect(runner.iterate('lisDataEvents', { type: 'user', filter: { user_id: 'u1' } }));
    expect(rows.map((r: any) => r.id)).toEqual(['n1', 'n2']);
    expect(server.requests.map((r) => `${r.path}?${r.rawQuery}`)).toEqual(['/events?user_id=u1&type=user', '/events?type=user&user_id=u1&page=2']);
    expect(server.requests[1].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a server repeating the same cursor does not loop forever', async () => {
    server.on('GET', '/conversations', { body: { [rowsKey('listConversations')]: [{ id: 'x' }], pages: { next: { starting_after: 'same' } } } });
    const rows = await collect(runner.iterate('listConversations', {}));
    expect(rows).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('a server cycling through cursors (A, B, A, …) stops once a cursor comes back', async () => {
    server.on('GET', '/conversations', ({ request }) => {
      const after = request.query.get('starting_after');
      const next = after === 'A' ? 'B' : 'A';
      return { body: { [rowsKey('listConversations')]: [{ id: `after-${after ?? 'start'}` }], pages: { next: { starting_after: next } } } };
    });
    const rows = await collect(runner.iterate('listConversations', {}));
    expect(rows.map((r: any) => r.id)).toEqual(['after-start', 'after-A', 'after-B']);
    expect(server.requests.map((r) => r.query.get('starting_after'))).toEqual([null, 'A', 'B']);
  });
});

describe('next-cursor (2.16 ListContactMergeHistory: cursor ← next_cursor, has_more)', () => {
  // The style first appears in 2.16, so these run against a registry generated for 2.16.
  const out = mkdtempSync(join(tmpdir(), 'iops-pages-2.16-'));
  let runner216: ReturnType<typeof createRunner>;
  beforeAll(async () => {
    await generate({ specVersion: '2.16', specDir: OPENAPI_DIR, out, fetch: false, log: () => undefined });
    runner216 = createRunner({ registry: loadRegistry(await registryIn(out)), token: TOKEN, baseUrl: server.url });
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  /** Merge history pages 0, 1, 2, …: page n answers next_cursor c(n+1), and has_more until page `last`. */
  function mergeHistory(last: number) {
    return ({ request }: RouteMatch) => {
      const cursor = request.query.get('cursor');
      const index = cursor === null ? 0 : Number(cursor.slice(1));
      const data = [{ type: 'merge_history', source_contact_id: `src-${index}` }];
      return { body: { type: 'list', data, next_cursor: `c${index + 1}`, has_more: index < last } };
    };
  }

  it('is detected with its names spelled out in the entry', () => {
    const entry = runner216.operations.ListContactMergeHistory;
    expect(entry.kind === 'api' && entry.pagination).toEqual({
      style: 'next-cursor',
      rowsPath: 'data',
      next: { from: 'next_cursor', kind: 'cursor', to: 'cursor' },
      carry: [],
      stop: { hasMorePath: 'has_more', totalPagesPath: null, pageNumberPath: null, emptyPageEnds: false },
      repeatsPointer: false,
    });
  });

  it('follows next_cursor over 3 pages and stops at has_more: false although a cursor is still there', async () => {
    server.on('GET', '/contacts/{id}/merge_history', mergeHistory(2));
    const rows = await collect(runner216.iterate('ListContactMergeHistory', { id: 'contact-1', per_page: 1 }));
    expect(rows.map((r: any) => r.source_contact_id)).toEqual(['src-0', 'src-1', 'src-2']);
    expect(server.requests.map((r) => `${r.path}?${r.rawQuery}`)).toEqual([
      '/contacts/contact-1/merge_history?per_page=1',
      '/contacts/contact-1/merge_history?cursor=c1&per_page=1',
      '/contacts/contact-1/merge_history?cursor=c2&per_page=1',
    ]);
  });

  it('without has_more, a missing next_cursor ends paging', async () => {
    server.on('GET', '/contacts/{id}/merge_history', ({ request }) => {
      const cursor = request.query.get('cursor');
      return { body: { type: 'list', data: [{ source_contact_id: cursor ?? 'first' }], next_cursor: cursor === null ? 'c1' : null } };
    });
    const rows = await collect(runner216.iterate('ListContactMergeHistory', { id: 'contact-1' }));
    expect(rows.map((r: any) => r.source_contact_id)).toEqual(['first', 'c1']);
    expect(server.requests).toHaveLength(2);
  });

  it('a server repeating next_cursor (has_more stuck at true) does not loop forever', async () => {
    server.on('GET', '/contacts/{id}/merge_history', { body: { type: 'list', data: [{ id: 'x' }], next_cursor: 'same', has_more: true } });
    const rows = await collect(runner216.iterate('ListContactMergeHistory', { id: 'contact-1' }));
    expect(rows).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });
});

describe('laziness', () => {
  it('fetches the next page only when the consumer asks for a row of it', async () => {
    server.on('GET', '/conversations', cursorPages(rowsKey('listConversations'), ({ request }) => request.query.get('starting_after')));
    const iterable = runner.iterate('listConversations', {});
    expect(server.requests).toHaveLength(0); // nothing before the first next()
    const iterator = iterable[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ id: '0a' });
    expect((await iterator.next()).value).toEqual({ id: '0b' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).toHaveLength(1); // page 1 consumed, page 2 not asked for yet
    expect((await iterator.next()).value).toEqual({ id: '1a' });
    expect(server.requests).toHaveLength(2);
    await iterator.return?.();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).toHaveLength(2);
  });

  it('next() calls made without waiting answer every row once, in order, across pages', async () => {
    server.on('GET', '/conversations', cursorPages(rowsKey('listConversations'), ({ request }) => request.query.get('starting_after')));
    const iterator = runner.iterate('listConversations', {})[Symbol.asyncIterator]();
    const answers = await Promise.all(Array.from({ length: 8 }, () => iterator.next()));
    expect(answers.map((a) => (a.done ? 'done' : (a.value as any).id))).toEqual(['0a', '0b', '1a', '1b', '2a', '2b', 'done', 'done']);
    expect(server.requests).toHaveLength(3);
  });

  it('after return() (rows of the page at hand left) and after an error, next() answers done and sends nothing', async () => {
    server.on('GET', '/conversations', cursorPages(rowsKey('listConversations'), ({ request }) => request.query.get('starting_after')));
    const stopped = runner.iterate('listConversations', {})[Symbol.asyncIterator]();
    expect((await stopped.next()).value).toEqual({ id: '0a' });
    expect(await stopped.return?.()).toEqual({ value: undefined, done: true });
    expect(await stopped.next()).toEqual({ value: undefined, done: true });
    expect(server.requests).toHaveLength(1);

    const failing = runner.iterate('listConversations', { per_page: 'many' })[Symbol.asyncIterator]();
    await expect(failing.next()).rejects.toMatchObject({ code: 'INVALID_PARAMS', operation: 'listConversations' });
    expect(await failing.next()).toEqual({ value: undefined, done: true });
    expect(server.requests).toHaveLength(1);
  });

  it('breaking out of for-await stops paging', async () => {
    server.on('GET', '/conversations', cursorPages(rowsKey('listConversations'), ({ request }) => request.query.get('starting_after')));
    for await (const row of runner.iterate('listConversations', {})) if ((row as any).id === '0a') break;
    expect(server.requests).toHaveLength(1);
  });
});

describe('run() on paginated operations', () => {
  it('answers the first page as the API returns it', async () => {
    server.on('GET', '/conversations', cursorPages(rowsKey('listConversations'), ({ request }) => request.query.get('starting_after')));
    const page = await runner.run('listConversations', {});
    expect(page).toEqual({
      type: 'list',
      [rowsKey('listConversations')]: [{ id: '0a' }, { id: '0b' }],
      pages: { type: 'pages', next: { starting_after: 'c1' } },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('iterate() on an operation that does not page is UNSUPPORTED, and sends nothing', async () => {
    await expect(collect(runner.iterate('retrieveAdmin', { id: 1 }))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(server.requests).toHaveLength(0);
  });

  it('iterate() on a v1 operation that writes is UNSUPPORTED before anything is sent', async () => {
    server.on('*', '/tags/{id}', { status: 200, body: {} });
    server.on('*', '/contacts/search', { body: { type: 'list', data: [{ id: 'c1', role: 'user' }], total_count: 1 } });
    server.on('*', '/contacts/{id}/archive', { body: { archived: true } });
    for (const [name, params] of [['delete_tag', { id: '5' }], ['archive_user', { email: 'a@example.com' }]] as const) {
      await expect(collect(runner.iterate(name, params))).rejects.toMatchObject({ code: 'UNSUPPORTED', operation: name });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('iterate() errors are coded and say which operation', async () => {
    await expect(collect(runner.iterate('listConversationz', {}))).rejects.toMatchObject({ code: 'UNKNOWN_OPERATION' });
    await expect(collect(runner.iterate('listConversations', { per_page: 'many' }))).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      operation: 'listConversations',
    });
  });
});

describe('iterate() options', () => {
  it('dryRun is for run(): iterate() with dryRun is CONFIG and sends nothing', async () => {
    await expect(collect(runner.iterate('listConversations', {}, { dryRun: true }))).rejects.toMatchObject({ code: 'CONFIG' });
    expect(server.requests).toHaveLength(0);
  });
});
