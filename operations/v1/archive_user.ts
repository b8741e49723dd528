import { findOneContact } from '../shared/contacts.js';
import type { V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

export default {
  name: 'archive_user',
  summary: 'Archive a user (not a hard delete), found by email or user_id.',
  params: [
    { name: 'email', type: 'string', required: false, description: 'Email of the user to archive.' },
    { name: 'user_id', type: 'string', required: false, description: 'Your user_id of the user to archive (searched as external_id; wins over email).' },
  ],
  targets: ['SearchContacts', 'ArchiveContact'],
  readOnly: false,
  mapped: { user_id: 'lookup external_id', email: 'lookup email' },
  example: { email: 'jane.doe@example.com' },
  answer: { $answerOf: 'ArchiveContact' },
  binding: async (params, ctx) => {
    const userId = given(params.user_id);
    const email = given(params.email);
    if (!userId && !email) throw invalidParam(ctx, '/user_id', 'or email is required: say which user to archive');
    const then = ['ArchiveContact'];
    const user = userId
      ? await findOneContact(ctx, 'user', 'external_id', userId, undefined, then)
      : await findOneContact(ctx, 'user', 'email', email!, undefined, then);
    return ctx.call('ArchiveContact', { path: [user.id] });
  },
} satisfies V1Operation;
