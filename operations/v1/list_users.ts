import type { SearchFilter, SortedSearchBody } from '../shared/contacts.js';
import { searchRequest } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';
import { invalidParam } from '../shared/rules.js';

const SORT_FIELDS: Record<string, string> = {
  created_at: 'created_at',
  last_request_at: 'last_seen_at',
  signed_up_at: 'signed_up_at',
  updated_at: 'updated_at',
};

export default {
  name: 'list_users',
  summary: 'List users, optionally only those created in the last N days, sorted.',
  params: [
    { name: 'created_since', type: 'number', required: false, description: 'Only users created in the last this many days.' },
    { name: 'order', type: 'string', required: false, enum: ['asc', 'desc'], description: 'Sort order (default desc).' },
    {
      name: 'sort',
      type: 'string',
      required: false,
      enum: ['created_at', 'last_request_at', 'signed_up_at', 'updated_at'],
      description: 'Field to sort by (default created_at when only order is given).',
    },
  ],
  targets: ['SearchContacts'],
  readOnly: true,
  resultsPath: {},
  mapped: {
    created_since: 'search created_at > now − days × 86400',
    sort: 'search sort.field (last_request_at → last_seen_at)',
    order: 'search sort.order (asc → ascending, desc → descending)',
    users: 'data',
  },
  answer: { $answerOf: 'SearchContacts' },
  rows: { $rowOf: 'SearchContacts' },
  binding: async (params, ctx) => {
    const filters: SearchFilter[] = [];
    if (params.created_since !== undefined) {
      const days = Number(params.created_since);
      if (!Number.isFinite(days) || days < 0) throw invalidParam(ctx, '/created_since', 'must be a number of days, 0 or more');
      filters.push({ field: 'created_at', operator: '>', value: Math.floor(ctx.now() - days * 86400) });
    }
    const sort: Pick<SortedSearchBody, 'sort'> =
      params.sort !== undefined || params.order !== undefined
        ? { sort: { field: SORT_FIELDS[params.sort ?? 'created_at'], order: params.order === 'asc' ? 'ascending' : 'descending' } }
        : {};
    return ctx.list('SearchContacts', searchRequest('user', filters, sort));
  },
} satisfies V1Operation;
