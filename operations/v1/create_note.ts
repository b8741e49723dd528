import { findOneContact, type ContactRole } from '../shared/contacts.js';
import { LEAD_USER_ID_HINT } from '../shared/users-leads.js';
import { given, invalidParam, objectOf, pickIdentifier, warnDropped } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

/** v1 note body: the note model, of which the current API writes body, author.id and the user. */
export default {
  name: 'create_note',
  summary: 'Add a note to a user, written by an admin.',
  params: [],
  body: {
    type: 'object',
    properties: {
      body: { type: 'string', description: 'Text of the note (HTML allowed).' },
      author: {
        type: 'object',
        description: 'The admin writing the note: its id (other admin fields are ignored).',
        properties: { id: { type: 'string' } },
        additionalProperties: true,
      },
      user: {
        type: 'object',
        description: 'The user the note is about: id (Intercom id), else user_id, else email; type "contact" for a lead.',
        properties: {
          id: { type: 'string' },
          user_id: { type: 'string' },
          email: { type: 'string' },
          type: { type: 'string' },
        },
        additionalProperties: true,
      },
      id: { type: 'string', description: 'Read-only in v1 model: dropped.' },
      type: { type: 'string', description: 'Read-only in v1 model: dropped.' },
      created_at: { type: 'integer', description: 'Read-only in v1 model: dropped.' },
    },
    required: ['body', 'user'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['SearchContacts', 'createNote'],
  readOnly: false,
  mapped: {
    '$body.body': 'body body',
    '$body.author.id': 'body admin_id',
    '$body.user.id': 'path id (the contact)',
    '$body.user.user_id': 'lookup external_id → path id',
    '$body.user.email': 'lookup email → path id',
  },
  dropped: ['id', 'type', 'created_at', 'author.* except id', 'user.* except the identifier'],
  example: { $body: { body: 'Called about the renewal.', user: { email: 'jane.doe@example.com' }, author: { id: '991267921' } } },
  pathParams: ['/$body/user/id'],
  answer: { $answerOf: 'createNote' },
  binding: async (params, ctx) => {
    const v1 = params.$body as Record<string, any>;
    const text = typeof v1.body === 'string' ? v1.body : '';
    if (text.trim() === '') throw invalidParam(ctx, '/$body/body', 'must not be empty');
    const user = objectOf(v1.user);
    const who = pickIdentifier(user, '/$body/user');
    if (!who) throw invalidParam(ctx, '/$body/user', 'needs one of id, user_id or email');
    const author = objectOf(v1.author);
    const adminId = given(author?.id);

    warnDropped(ctx, v1, ['body', 'author', 'user'], '', 'read-only in the note model');
    warnDropped(ctx, author, ['id'], 'author.', 'a note records only its author\'s id');
    warnDropped(ctx, user, ['id', 'user_id', 'email', 'type'], 'user.', 'a note only names its contact; update the user to change it');

    let contactId = who.value;
    if (who.key !== 'id') {
      const role: ContactRole = user?.type === 'contact' || user?.type === 'lead' ? 'lead' : 'user';
      const hint = role === 'lead' && who.key === 'user_id' ? LEAD_USER_ID_HINT : undefined;
      const found = await findOneContact(ctx, role, who.key === 'user_id' ? 'external_id' : 'email', who.value, hint, ['createNote']);
      contactId = found.id;
    }
    return ctx.call('createNote', { path: [contactId], body: { body: text, ...(adminId ? { admin_id: adminId } : {}) } });
  },
} satisfies V1Operation;
