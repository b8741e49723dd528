import { findOneContact } from '../shared/contacts.js';
import { LEAD_USER_ID_HINT } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

export default {
  name: 'delete_lead',
  summary: "Delete a lead found by its v1 user_id (looked up as external_id).",
  params: [
    { name: 'user_id', type: 'string', required: false, description: "The lead's v1 user_id (required in practice; looked up as external_id)." },
  ],
  targets: ['SearchContacts', 'DeleteContact'],
  readOnly: false,
  mapped: { user_id: 'lookup external_id' },
  example: { user_id: 'lead-1' },
  answer: { $answerOf: 'DeleteContact' },
  binding: async (params, ctx) => {
    const userId = given(params.user_id);
    if (!userId) throw invalidParam(ctx, '/user_id', 'is required: say which lead to delete (or use delete_lead_by_id)');
    const lead = await findOneContact(ctx, 'lead', 'external_id', userId, LEAD_USER_ID_HINT, ['DeleteContact']);
    return ctx.call('DeleteContact', { path: [lead.id] });
  },
} satisfies V1Operation;
