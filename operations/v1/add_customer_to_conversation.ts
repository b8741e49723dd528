import { given, invalidParam, objectOf, oneKey, pickIdentifier, unsupported } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

const IDENTIFIER = { type: 'string' } as const;

export default {
  name: 'add_customer_to_conversation',
  summary: 'Add a customer (contact) as a participant of a conversation, on behalf of an admin.',
  params: [{ name: 'conversation_id', type: 'string', required: true, description: 'Id of the conversation.' }],
  body: {
    type: 'object',
    properties: {
      admin_id: { type: 'string', description: 'Id of the admin adding the customer.' },
      customer: {
        type: 'object',
        description: 'The customer to add, by one of intercom_user_id, user_id or email.',
        properties: { intercom_user_id: IDENTIFIER, user_id: IDENTIFIER, email: IDENTIFIER },
        additionalProperties: false,
      },
      intercom_user_id: { type: 'string', description: 'v1: a customer adding another customer (not supported any more).' },
      user_id: { type: 'string', description: 'v1: a customer adding another customer (not supported any more).' },
      email: { type: 'string', description: 'v1: a customer adding another customer (not supported any more).' },
    },
    required: ['customer'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['attachContactToConversation'],
  readOnly: false,
  mapped: {
    conversation_id: 'path id',
    '$body.admin_id': 'body admin_id',
    '$body.customer': 'body customer (its one identifier: intercom_user_id, else user_id, else email)',
  },
  example: { conversation_id: '147', $body: { admin_id: '991267921', customer: { intercom_user_id: '6643703ffae7834d1792fd30' } } },
  pathParams: ['/conversation_id'],
  answer: { $answerOf: 'attachContactToConversation' },
  binding: async (params, ctx) => {
    const v1 = params.$body as Record<string, any>;
    const actor = pickIdentifier(v1, '/$body', { id: 'intercom_user_id', user_id: 'user_id', email: 'email' });
    const adminId = given(v1.admin_id);
    if (!adminId && actor) {
      throw unsupported(
        ctx,
        actor.path.slice(1).replace('/', '.'),
        'a customer adding another customer to a conversation has no encoding in the current API: only an admin (admin_id) can',
      );
    }
    if (!adminId) throw invalidParam(ctx, '/$body/admin_id', 'is required: the admin who adds the customer');
    if (actor) throw invalidParam(ctx, actor.path, 'cannot be combined with admin_id: the one who adds is either an admin or a customer');
    const who = pickIdentifier(objectOf(v1.customer), '/$body/customer', { id: 'intercom_user_id', user_id: 'user_id', email: 'email' });
    if (!who) throw invalidParam(ctx, '/$body/customer', 'needs one of intercom_user_id, user_id or email');
    const field = who.key === 'id' ? 'intercom_user_id' : who.key;
    // 2.x takes exactly one identifier (a oneOf): the strongest one given is sent.
    return ctx.call('attachContactToConversation', {
      path: [params.conversation_id],
      body: { admin_id: adminId, customer: oneKey(field, who.value) },
    });
  },
} satisfies V1Operation;
