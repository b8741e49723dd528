import { findOneContact } from '../shared/contacts.js';
import { invalid, text } from '../shared/contact-body.js';
import type { V1Operation } from '../types.js';

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
  binding: async (params, ctx) => {
    const userId = text(params.user_id);
    const email = text(params.email);
    if (!userId && !email) throw invalid(ctx, '/user_id', 'or email is required: say which user to archive');
    const user = userId
      ? await findOneContact(ctx, 'user', 'external_id', userId)
      : await findOneContact(ctx, 'user', 'email', email!);
    return ctx.call('ArchiveContact', { path: [user.id] });
  },
} satisfies V1Operation;
