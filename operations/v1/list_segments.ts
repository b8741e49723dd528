import { unsupported } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'list_segments',
  summary: 'List the segments of users and leads, optionally with how many contacts each holds.',
  params: [
    { name: 'include_count', type: 'boolean', required: false, description: 'Add each segment\'s count of contacts.' },
    {
      name: 'type',
      type: 'string',
      required: false,
      description: '"company" asked v1 for company segments (not available any more); anything else lists user segments.',
    },
  ],
  targets: ['listSegments'],
  readOnly: true,
  resultsPath: {},
  mapped: { include_count: 'query include_count' },
  answer: { $answerOf: 'listSegments' },
  rows: { $rowOf: 'listSegments' },
  binding: async (params, ctx) => {
    if (params.type === 'company') {
      throw unsupported(ctx, 'type', 'the current API lists only user and lead segments; company segments have no endpoint');
    }
    return ctx.list('listSegments', params.include_count !== undefined ? { query: { include_count: params.include_count } } : {});
  },
} satisfies V1Operation;
