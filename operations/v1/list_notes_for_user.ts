import { findOneContact } from '../shared/contacts.js';
import { invalidParam, pickIdentifier } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'list_notes_for_user',
  summary: 'List the notes of a user, found by Intercom id, user_id or email.',
  params: [
    { name: 'email', type: 'string', required: false, description: 'Email of the user (looked up).' },
    { name: 'id', type: 'string', required: false, description: 'Intercom id of the user (wins over user_id and email).' },
    { name: 'user_id', type: 'string', required: false, description: 'Your user_id of the user (looked up as external_id; wins over email).' },
  ],
  targets: ['SearchContacts', 'listNotes'],
  readOnly: true,
  resultsPath: {},
  mapped: { id: 'path id', user_id: 'lookup external_id → path id', email: 'lookup email → path id' },
  example: { user_id: 'user-1' },
  pathParams: ['/id'],
  answer: { $answerOf: 'listNotes' },
  rows: { $rowOf: 'listNotes' },
  binding: async (params, ctx) => {
    const who = pickIdentifier(params, '');
    if (!who) throw invalidParam(ctx, '/id', 'or user_id or email is required: say whose notes to list');
    const contactId =
      who.key === 'id'
        ? who.value
        : (await findOneContact(ctx, 'user', who.key === 'user_id' ? 'external_id' : 'email', who.value, undefined, ['listNotes'])).id;
    return ctx.list('listNotes', { path: [contactId] });
  },
} satisfies V1Operation;
