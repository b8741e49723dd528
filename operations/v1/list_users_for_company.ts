import type { V1Operation } from '../types.js';

export default {
  name: 'list_users_for_company',
  summary: "List the contacts (users and leads) attached to a company, by the company's Intercom id.",
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the company.' }],
  targets: ['ListAttachedContacts'],
  readOnly: true,
  resultsPath: {},
  mapped: { id: 'path id' },
  binding: { target: 'ListAttachedContacts', path: ['id'] },
} satisfies V1Operation;
