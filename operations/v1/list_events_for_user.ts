import { given, invalidParam, oneKey } from '../shared/rules.js';
import type { TargetQuery, V1Operation } from '../types.js';

const IDENTIFIERS = ['user_id', 'email', 'intercom_user_id'] as const;

export default {
  name: 'list_events_for_user',
  summary: 'List the events of one user (by user_id, email or intercom_user_id), or their counts per event name with summary.',
  params: [
    { name: 'type', type: 'string', required: true, description: 'Must be "user".' },
    { name: 'email', type: 'string', required: false, description: 'Email of the user.' },
    { name: 'intercom_user_id', type: 'string', required: false, description: 'Intercom id of the user.' },
    { name: 'summary', type: 'boolean', required: false, description: 'When true, answer event counts grouped by event name.' },
    { name: 'user_id', type: 'string', required: false, description: 'Your user_id of the user.' },
  ],
  targets: ['lisDataEvents'],
  readOnly: true,
  resultsPath: {},
  mapped: {
    type: 'type',
    user_id: 'filter.user_id',
    email: 'filter.email',
    intercom_user_id: 'filter.intercom_user_id',
    summary: 'summary',
  },
  example: { type: 'user', user_id: 'user-1' },
  answer: { $answerOf: 'lisDataEvents' },
  rows: { $rowOf: 'lisDataEvents' },
  binding: async (params, ctx) => {
    if (params.type !== 'user') throw invalidParam(ctx, '/type', 'must be "user"');
    const present = IDENTIFIERS.filter((key) => given(params[key]) !== undefined);
    if (present.length === 0) throw invalidParam(ctx, '/user_id', 'or email or intercom_user_id is required: say whose events');
    if (present.length > 1) {
      throw invalidParam(ctx, `/${present[1]}`, `cannot be combined with ${present[0]}: give exactly one identifier`);
    }
    const key = present[0];
    const query: TargetQuery<'lisDataEvents'> = { type: 'user', filter: oneKey(key, given(params[key])!) };
    if (params.summary !== undefined) query.summary = params.summary;
    return ctx.list('lisDataEvents', { query });
  },
} satisfies V1Operation;
