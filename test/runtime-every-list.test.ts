/**
 * Every list pages (2.10, over real HTTP): the lists the description forgets to page
 * (ListContacts, listNotes, ListAttachedContacts, listArticles, listAllCollections through the
 * listed paging fix; the answer-only ones through their answer), and the v1 list operations that
 * gather every page with resultsPath.
 */
import { describe, expect, it } from 'vitest';
import type { Runner } from '../entry/index.js';
import type { Warning } from '../runtime/options.js';
import type { IntercomServer, RouteMatch } from './support/intercom-server.js';
import { useServerAndRunner } from './support/server-fixture.js';

const TOKEN = 'tok_every_list_0123456789';
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

/** Page-number pages: `total` pages of two rows, `pages.page` / `pages.total_pages`. */
function numberedPages(total: number, key = 'data') {
  return ({ request }: RouteMatch) => {
    const page = Number(request.query.get('page') ?? 1);
    return { body: { type: 'list', [key]: [{ id: `${page}a` }, { id: `${page}b` }], total_count: total * 2, pages: { type: 'pages', page, per_page: 2, total_pages: total } } };
  };
}

describe('lists the description forgets to page (declare-paging-parameters)', () => {
  it('ListContacts: per_page accepted, starting_after followed over three cursor pages', async () => {
    server.on('GET', '/contacts', ({ request }) => {
      const after = request.query.get('starting_after');
      const index = after === null ? 0 : Number(after.slice(1));
      const next = index < 2 ? { per_page: 150, starting_after: `c${index + 1}` } : null;
      return { body: { type: 'list', data: [{ id: `contact-${index}` }], total_count: 3, pages: { type: 'pages', next, page: index + 1, per_page: 150, total_pages: 3 } } };
    });
    const rows = await collect(runner.iterate('ListContacts', { per_page: 150 }));
    expect(rows.map((r: any) => r.id)).toEqual(['contact-0', 'contact-1', 'contact-2']);
    expect(server.requests.map((r) => r.rawQuery)).toEqual(['per_page=150', 'per_page=150&starting_after=c1', 'per_page=150&starting_after=c2']);
  });

  it('listNotes, ListAttachedContacts, listArticles, listAllCollections: page=n+1 until total_pages', async () => {
    const lists: Array<[string, string, Record<string, unknown>, string]> = [
      ['listNotes', '/contacts/{id}/notes', { id: '6657a82f6abd0160d35d1e9d' }, '/contacts/6657a82f6abd0160d35d1e9d/notes'],
      ['ListAttachedContacts', '/companies/{id}/contacts', { id: 'co-1' }, '/companies/co-1/contacts'],
      ['listArticles', '/articles', {}, '/articles'],
      ['listAllCollections', '/help_center/collections', {}, '/help_center/collections'],
    ];
    for (const [name, route, params, path] of lists) {
      server.reset({ routes: true });
      server.on('GET', route, numberedPages(3));
      const rows = await collect(runner.iterate(name, { ...params, per_page: 2 }));
      expect(rows.map((r: any) => r.id), name).toEqual(['1a', '1b', '2a', '2b', '3a', '3b']);
      expect(server.requests.map((r) => `${r.path}?${r.rawQuery}`), name).toEqual([`${path}?per_page=2`, `${path}?page=2&per_page=2`, `${path}?page=3&per_page=2`]);
    }
  });

  it('an undeclared parameter is still refused: nothing is declared without evidence', async () => {
    await expect(runner.run('listSegments', { per_page: 2 }, { dryRun: true })).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });
});

describe('lists paged by their answer alone (answer-pages)', () => {
  it('listActivityLogs follows the pages.next URL the answer gives', async () => {
    server.on('GET', '/admins/activity_logs', ({ request }) => {
      const page = Number(request.query.get('page') ?? 1);
      const next = page < 2 ? `https://api.intercom.io/admins/activity_logs?created_at_after=1&page=${page + 1}` : null;
      return { body: { type: 'activity_log.list', activity_logs: [{ id: `log-${page}` }], pages: { type: 'pages', next, page, per_page: 1, total_pages: 2 } } };
    });
    const rows = await collect(runner.iterate('listActivityLogs', { created_at_after: '1' }));
    expect(rows.map((r: any) => r.id)).toEqual(['log-1', 'log-2']);
    expect(server.requests.map((r) => r.rawQuery)).toEqual(['created_at_after=1', 'created_at_after=1&page=2']);
  });

  it('a last page below the total it announces (no next URL): its rows, then a paging warning, never a silent cut', async () => {
    server.on('GET', '/news/news_items', numberedPages(3));
    const warnings: Warning[] = [];
    const rows = await collect(runner.iterate('listNewsItems', {}, { onWarning: (w) => warnings.push(w) }));
    expect(rows.map((r: any) => r.id)).toEqual(['1a', '1b']);
    expect(warnings).toEqual([
      expect.objectContaining({ operation: 'listNewsItems', kind: 'paging', field: 'pages.total_pages', message: expect.stringMatching(/page 1 of 3.*declares no parameter/) }),
    ]);
  });

  it('listSegments: one page, all rows, no warning', async () => {
    server.on('GET', '/segments', { body: { type: 'segment.list', segments: [{ id: 's1' }, { id: 's2' }], pages: {} } });
    const warnings: Warning[] = [];
    expect(await collect(runner.iterate('listSegments', {}, { onWarning: (w) => warnings.push(w) }))).toEqual([{ id: 's1' }, { id: 's2' }]);
    expect(warnings).toEqual([]);
  });

  it('searchArticles: rows one level down (data.articles)', async () => {
    server.on('GET', '/articles/search', { body: { type: 'list', total_count: 1, data: { articles: [{ id: 'a1' }], highlights: [] }, pages: { type: 'pages', page: 1, total_pages: 1 } } });
    expect(await collect(runner.iterate('searchArticles', { phrase: 'x' }))).toEqual([{ id: 'a1' }]);
  });
});

describe('v1 list operations gather every page with resultsPath', () => {
  it('list_notes_for_user (by id) and list_users_for_company: rows of all three pages', async () => {
    server.on('GET', '/contacts/{id}/notes', numberedPages(3));
    server.on('GET', '/companies/{id}/contacts', numberedPages(3));
    const notes = await runner.run('list_notes_for_user', { id: '6657a82f6abd0160d35d1e9d', resultsPath: 'notes' });
    expect(notes.map((r: any) => r.id)).toEqual(['1a', '1b', '2a', '2b', '3a', '3b']);
    const users = await runner.run('list_users_for_company', { id: 'co-1', resultsPath: 'data' });
    expect(users).toHaveLength(6);
    // Without resultsPath: the first page as Intercom answers it.
    const first = await runner.run('list_users_for_company', { id: 'co-1' });
    expect(first).toMatchObject({ type: 'list', data: [{ id: '1a' }, { id: '1b' }] });
  });
});
