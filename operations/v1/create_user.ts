import { CONTACT_DROPPED, CONTACT_MAPPED, v1UserBodySchema } from '../shared/contact-body.js';
import { upsertUser } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'create_user',
  summary: 'Create a user, or update the user with the same user_id (else email, or the given id).',
  params: [],
  body: v1UserBodySchema,
  bodyRequired: true,
  targets: ['SearchContacts', 'UpdateContact', 'CreateContact', 'createOrUpdateCompany', 'attachContactToACompany'],
  readOnly: false,
  mapped: { ...CONTACT_MAPPED, 'user_id | email': 'lookup (role user) → UpdateContact, else CreateContact role user', id: 'UpdateContact path id' },
  dropped: CONTACT_DROPPED,
  example: { $body: { user_id: 'user-1', email: 'jane.doe@example.com', name: 'Jane Doe' } },
  pathParams: ['/$body/id'],
  answer: { anyOf: [{ $answerOf: 'UpdateContact', description: 'The existing user, updated.' }, { $answerOf: 'CreateContact', description: 'The new user.' }] },
  binding: upsertUser,
} satisfies V1Operation;
