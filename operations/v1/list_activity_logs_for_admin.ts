import { given, invalidParam } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

const EPOCH = /^\d+$/;

export default {
  name: 'list_activity_logs_for_admin',
  summary: 'List the activity log of all admins between two times.',
  params: [
    { name: 'created_at_after', type: 'string', required: true, description: 'Start of the period, as a UNIX timestamp (epoch seconds).' },
    { name: 'created_at_before', type: 'string', required: false, description: 'End of the period, as a UNIX timestamp (epoch seconds).' },
  ],
  targets: ['listActivityLogs'],
  readOnly: true,
  resultsPath: {},
  mapped: { created_at_after: 'query created_at_after', created_at_before: 'query created_at_before' },
  example: { created_at_after: '1714564800' },
  answer: { $answerOf: 'listActivityLogs' },
  rows: { $rowOf: 'listActivityLogs' },
  binding: async (params, ctx) => {
    const epoch = (name: 'created_at_after' | 'created_at_before'): string | undefined => {
      const value = given(params[name]);
      if (value === undefined) return undefined;
      // The v1 rule: "It must be formatted as a UNIX timestamp".
      if (!EPOCH.test(value.trim())) throw invalidParam(ctx, `/${name}`, 'must be a UNIX timestamp (epoch seconds, digits only)');
      return value.trim();
    };
    const after = epoch('created_at_after');
    const before = epoch('created_at_before');
    if (!after) throw invalidParam(ctx, '/created_at_after', 'is required');
    return ctx.list('listActivityLogs', { query: { created_at_after: after, ...(before !== undefined ? { created_at_before: before } : {}) } });
  },
} satisfies V1Operation;
