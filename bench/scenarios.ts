/**
 * The per-call scenarios that bench/client-cpu.ts and bench/phases.ts measure: each one's raw
 * requests (the same bytes run() sends: wireHeaders, userSearch) and the same through a runner.
 */
import type { createRunner } from '../entry/index.js';
import { userSearch, wireHeaders } from './processes.js';

export const TOKEN = 'bench-token-0123456789';
const EMAIL = 'jane.doe@example.com';
const HEADERS = wireHeaders(TOKEN);
const JSON_HEADERS = wireHeaders(TOKEN, true);
/** The search archive_user's binding sends for EMAIL, and the one SearchContacts is given. */
const SEARCH = userSearch(EMAIL);

type Runner = ReturnType<typeof createRunner>;

/**
 * A scenario: its raw requests (given extra fetch options: client-cpu's deadline signal) and the
 * same through a runner; archive_user also through its two API operations by name, without the v1
 * binding around them.
 */
export interface Scenario {
  raw(baseUrl: string, extra?: RequestInit): Promise<unknown>;
  run(runner: Runner): Promise<unknown>;
  apiSteps?(runner: Runner): Promise<unknown>;
}

async function post(baseUrl: string, path: string, body: unknown, extra: RequestInit): Promise<any> {
  const init = body === undefined ? { headers: HEADERS } : { headers: JSON_HEADERS, body: JSON.stringify(body) };
  return (await fetch(`${baseUrl}${path}`, { method: 'POST', ...init, ...extra })).json();
}

export const SCENARIOS = {
  listTags: {
    raw: async (baseUrl, extra = {}) => (await fetch(`${baseUrl}/tags`, { headers: HEADERS, ...extra })).json(),
    run: (runner) => runner.run('listTags', {}),
  },
  SearchContacts: {
    raw: (baseUrl, extra = {}) => post(baseUrl, '/contacts/search', SEARCH, extra),
    run: (runner) => runner.run('SearchContacts', { $body: SEARCH }),
  },
  archive_user: {
    raw: async (baseUrl, extra = {}) => {
      const found = await post(baseUrl, '/contacts/search', SEARCH, extra);
      return post(baseUrl, `/contacts/${encodeURIComponent(found.data[0].id)}/archive`, undefined, extra);
    },
    run: (runner) => runner.run('archive_user', { email: EMAIL }),
    apiSteps: async (runner) => {
      const found = (await runner.run('SearchContacts', { $body: SEARCH })) as { data: { id: string }[] };
      return runner.run('ArchiveContact', { id: found.data[0].id });
    },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
