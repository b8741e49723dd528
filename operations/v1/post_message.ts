import { findOneContact, type ContactRole } from '../shared/contacts.js';
import { LEAD_USER_ID_HINT } from '../shared/users-leads.js';
import { integerId, invalidParam, objectOf, pickIdentifier, warnDropped, type PickedIdentifier } from '../shared/rules.js';
import type { CanonicalContext, V1Operation } from '../types.js';

/** v1 person types: "contact" was v1's name for a lead. */
function roleOf(type: unknown): ContactRole {
  return type === 'contact' || type === 'lead' ? 'lead' : 'user';
}

/** The contact's Intercom id, looked up unless given; `next` is the call that needs it. */
async function contactId(ctx: CanonicalContext, role: ContactRole, who: PickedIdentifier, next: string): Promise<string> {
  if (who.key === 'id') return who.value;
  const hint = role === 'lead' && who.key === 'user_id' ? LEAD_USER_ID_HINT : undefined;
  return (await findOneContact(ctx, role, who.key === 'user_id' ? 'external_id' : 'email', who.value, hint, [next])).id;
}

const PERSON_IDENTIFIERS = ['type', 'id', 'user_id', 'email'];

export default {
  name: 'post_message',
  summary: 'Send a message from an admin to a user or lead (in-app or email), or start a conversation from a user or lead.',
  params: [],
  body: {
    type: 'object',
    properties: {
      message_type: { type: 'string', enum: ['inapp', 'email', 'in_app'], description: 'Admin messages: inapp or email.' },
      subject: { type: 'string', description: 'Title of the email (required for email).' },
      body: { type: 'string', description: 'Content of the message, HTML or plain text.' },
      template: { type: 'string', enum: ['plain', 'personal'], description: 'Email style (email only; default plain).' },
      from: {
        type: 'object',
        description: 'Sender: {type: "admin", id} for admin messages; {type: "user"|"contact", id|user_id|email} for a user-initiated one.',
        properties: {
          type: { type: 'string', enum: ['admin', 'user', 'contact', 'lead'] },
          id: { type: 'string' },
          user_id: { type: 'string' },
          email: { type: 'string' },
        },
        required: ['type'],
        additionalProperties: true,
      },
      to: {
        type: 'object',
        description: 'Recipient of an admin message: {type: "user"|"contact", id|user_id|email}.',
        properties: {
          type: { type: 'string', enum: ['user', 'contact', 'lead'] },
          id: { type: 'string' },
          user_id: { type: 'string' },
          email: { type: 'string' },
        },
        additionalProperties: true,
      },
    },
    required: ['body', 'from'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['SearchContacts', 'createMessage', 'createConversation'],
  readOnly: false,
  mapped: {
    '$body.message_type': 'inapp → in_app',
    '$body.from.id': 'admin: from.id (integer); user/lead: from.id of createConversation',
    '$body.from.user_id': 'lookup external_id → from.id (user-initiated)',
    '$body.from.email': 'lookup email → from.id (user-initiated)',
    '$body.to.type': 'contact → lead',
    '$body.to.user_id': 'lookup external_id → to.id',
    '$body.to.email': 'lookup email → to.id',
    '$body.template': 'template (email; default plain)',
  },
  dropped: ['from.* and to.* model fields other than type and identifiers', 'to, message_type, template on user-initiated messages'],
  example: { $body: { message_type: 'inapp', body: 'Hello there', from: { type: 'admin', id: '991267921' }, to: { type: 'user', user_id: 'user-1' } } },
  answer: { anyOf: [{ $answerOf: 'createMessage', description: 'An admin-initiated message.' }, { $answerOf: 'createConversation', description: 'A user- or lead-initiated message: the conversation.' }] },
  binding: async (params, ctx) => {
    const v1 = params.$body as Record<string, any>;
    const from = objectOf(v1.from)!;
    const text = v1.body as string;

    if (from.type !== 'admin') {
      // A user or lead writes in: the current API calls that creating a conversation.
      const role = roleOf(from.type);
      const who = pickIdentifier(from, '/$body/from');
      if (!who) throw invalidParam(ctx, '/$body/from', 'needs one of id, user_id or email of the sender');
      warnDropped(ctx, v1, ['body', 'from', 'subject'], '', 'a message from a user or lead starts a conversation, which takes only body and subject');
      warnDropped(ctx, from, PERSON_IDENTIFIERS, 'from.', 'only the sender\'s identifier is used');
      const id = await contactId(ctx, role, who, 'createConversation');
      return ctx.call('createConversation', {
        body: { from: { type: role, id }, body: text, ...(typeof v1.subject === 'string' ? { subject: v1.subject } : {}) },
      });
    }

    // An admin writes out: check everything before any lookup.
    if (v1.message_type === undefined) throw invalidParam(ctx, '/$body/message_type', 'is required for a message from an admin (inapp or email)');
    const messageType = v1.message_type === 'email' ? 'email' : 'in_app';
    if (from.id === undefined) throw invalidParam(ctx, '/$body/from/id', 'is required for a message from an admin (the admin\'s id)');
    const adminId = integerId(ctx, '/$body/from/id', from.id);
    if (messageType === 'email' && (typeof v1.subject !== 'string' || v1.subject.trim() === '')) {
      throw invalidParam(ctx, '/$body/subject', 'is required when message_type is email');
    }
    const to = objectOf(v1.to);
    if (!to) throw invalidParam(ctx, '/$body/to', 'is required for a message from an admin');
    const role = roleOf(to.type);
    const who = pickIdentifier(to, '/$body/to');
    if (!who) throw invalidParam(ctx, '/$body/to', 'needs one of id, user_id or email of the recipient');
    if (messageType === 'in_app' && v1.template !== undefined) ctx.warn('template', 'template is dropped: it applies to email messages only');
    warnDropped(ctx, from, ['type', 'id'], 'from.', 'only the admin\'s id is used');
    warnDropped(ctx, to, PERSON_IDENTIFIERS, 'to.', 'only the recipient\'s identifier is used');

    const toId = await contactId(ctx, role, who, 'createMessage');
    return ctx.call('createMessage', {
      body: {
        message_type: messageType,
        ...(typeof v1.subject === 'string' ? { subject: v1.subject } : {}),
        body: text,
        ...(messageType === 'email' ? { template: v1.template ?? 'plain' } : {}),
        from: { type: 'admin', id: adminId },
        to: { type: role, id: toId },
      },
    });
  },
} satisfies V1Operation;
