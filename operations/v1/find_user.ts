import { findOneContact } from '../shared/contacts.js';
import { searchRequest } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

export default {
  name: 'find_user',
  summary: 'Find a user by user_id (the single user) or the users with an email (the list).',
  params: [
    { name: 'email', type: 'string', required: false, description: 'Email of the users to find (answers the list).' },
    { name: 'user_id', type: 'string', required: false, description: 'Your user_id of the user (answers that user; wins over email).' },
  ],
  targets: ['SearchContacts'],
  readOnly: true,
  mapped: { user_id: 'search external_id (exactly one)', email: 'search email (list)' },
  example: { email: 'jane.doe@example.com' },
  answer: { anyOf: [{ $rowOf: 'SearchContacts', description: 'By user_id: the one user.' }, { $answerOf: 'SearchContacts', description: 'By email: the first page of matching users.' }] },
  rows: { $rowOf: 'SearchContacts' },
  binding: async (params, ctx) => {
    const userId = given(params.user_id);
    const email = given(params.email);
    if (userId) return findOneContact(ctx, 'user', 'external_id', userId);
    // The list: run() answers its first page as the API does, iterate() streams every match.
    if (email) return ctx.list('SearchContacts', searchRequest('user', [{ field: 'email', operator: '=', value: email }]));
    throw invalidParam(ctx, '/user_id', 'or email is required: say which user to find');
  },
} satisfies V1Operation;
