import { given } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'delete_customer_to_conversation',
  summary: 'Remove a customer (contact) from the participants of a conversation.',
  params: [
    { name: 'conversation_id', type: 'string', required: true, description: 'Id of the conversation.' },
    { name: 'id', type: 'string', required: true, description: 'Intercom id of the customer (contact) to remove.' },
    {
      name: 'admin_id',
      type: 'string',
      required: false,
      description: 'Id of the admin removing the customer; default: the admin the access token belongs to.',
      extension:
        'the current API requires the acting admin_id, which v1 did not take; accepted as an optional parameter, else GET /me gives the token\'s own admin',
    },
  ],
  targets: ['identifyAdmin', 'detachContactFromConversation'],
  readOnly: false,
  mapped: {
    conversation_id: 'path conversation_id',
    id: 'path contact_id',
    admin_id: 'body admin_id (default: id of identifyAdmin, the token\'s admin)',
  },
  pathParams: ['/conversation_id', '/id'],
  answer: { $answerOf: 'detachContactFromConversation' },
  binding: async (params, ctx) => {
    let adminId = given(params.admin_id);
    if (!adminId) {
      const me = await ctx.call('identifyAdmin', {}, { then: ['detachContactFromConversation'] });
      adminId = given(me?.id);
    }
    return ctx.call('detachContactFromConversation', {
      path: [params.conversation_id, params.id],
      // Undefined only if GET /me answered no admin id: the target's schema then refuses the request.
      body: { admin_id: adminId! },
    });
  },
} satisfies V1Operation;
