import { contactOfRole } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'get_user',
  summary: 'Get a user by Intercom id (NOT_FOUND when the contact is not a user).',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the user.' }],
  targets: ['ShowContact'],
  readOnly: true,
  mapped: { id: 'path id' },
  pathParams: ['/id'],
  answer: { $answerOf: 'ShowContact' },
  binding: (params, ctx) => contactOfRole(ctx, 'user', params.id),
} satisfies V1Operation;
