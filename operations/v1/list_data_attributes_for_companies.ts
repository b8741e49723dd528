import type { V1Operation } from '../types.js';

export default {
  name: 'list_data_attributes_for_companies',
  summary: 'List the data attributes of companies (standard and custom).',
  params: [
    { name: 'include_archived', type: 'boolean', required: false, description: 'Also list archived attributes (default: only live ones).' },
  ],
  targets: ['lisDataAttributes'],
  readOnly: true,
  mapped: { include_archived: 'query include_archived', '(fixed)': 'query model = company' },
  answer: { $answerOf: 'lisDataAttributes' },
  binding: async (params, ctx) =>
    ctx.call('lisDataAttributes', {
      query: { model: 'company', ...(params.include_archived !== undefined ? { include_archived: params.include_archived } : {}) },
    }),
} satisfies V1Operation;
