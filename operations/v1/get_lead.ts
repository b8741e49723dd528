import { contactOfRole } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'get_lead',
  summary: 'Get a lead by Intercom id (NOT_FOUND when the contact is not a lead).',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the lead.' }],
  targets: ['ShowContact'],
  readOnly: true,
  mapped: { id: 'path id' },
  pathParams: ['/id'],
  answer: { $answerOf: 'ShowContact' },
  binding: (params, ctx) => contactOfRole(ctx, 'lead', params.id),
} satisfies V1Operation;
