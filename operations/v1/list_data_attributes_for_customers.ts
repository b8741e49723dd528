import type { V1Operation } from '../types.js';

export default {
  name: 'list_data_attributes_for_customers',
  summary: 'List the data attributes of customers (users, leads and visitors share them: contacts now).',
  params: [
    { name: 'include_archived', type: 'boolean', required: false, description: 'Also list archived attributes (default: only live ones).' },
  ],
  targets: ['lisDataAttributes'],
  readOnly: true,
  mapped: { include_archived: 'query include_archived', '(fixed)': 'query model = contact' },
  answer: { $answerOf: 'lisDataAttributes' },
  binding: async (params, ctx) =>
    ctx.call('lisDataAttributes', {
      query: { model: 'contact', ...(params.include_archived !== undefined ? { include_archived: params.include_archived } : {}) },
    }),
} satisfies V1Operation;
