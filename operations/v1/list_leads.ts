import type { SearchFilter } from '../shared/contacts.js';
import { searchRequest } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';
import { given } from '../shared/rules.js';

export default {
  name: 'list_leads',
  summary: 'List leads, optionally those with an email, phone or v1 user_id.',
  params: [
    { name: 'email', type: 'string', required: false, description: 'Only leads with this email.' },
    { name: 'phone', type: 'string', required: false, description: 'Only leads with this phone number.' },
    { name: 'user_id', type: 'string', required: false, description: "Only the lead with this v1 user_id (searched as external_id)." },
  ],
  targets: ['SearchContacts'],
  readOnly: true,
  resultsPath: {},
  mapped: { email: 'search email', phone: 'search phone', user_id: 'search external_id', leads: 'data', contacts: 'data' },
  answer: { $answerOf: 'SearchContacts' },
  rows: { $rowOf: 'SearchContacts' },
  binding: async (params, ctx) => {
    const filters: SearchFilter[] = [];
    for (const [param, field] of [['email', 'email'], ['phone', 'phone'], ['user_id', 'external_id']] as const) {
      const value = given(params[param]);
      if (value) filters.push({ field, operator: '=', value });
    }
    return ctx.list('SearchContacts', searchRequest('lead', filters));
  },
} satisfies V1Operation;
