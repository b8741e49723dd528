import { findOneContact, searchQuery, type SearchFilter, type SortedSearchBody } from '../shared/contacts.js';
import { given, integerId, invalidParam, pickIdentifier, unsupported } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

/**
 * A query that matches every conversation (`>` is "greater or equal" in Intercom search), for a
 * sorted listing without filters: only searchConversations sorts, and it requires a query.
 *
 * `sort: {field, order}` is not declared in any description's search_request (SortedSearchBody).
 */
const EVERY_CONVERSATION: SearchFilter = { field: 'created_at', operator: '>', value: 0 };

export default {
  name: 'list_conversations',
  summary: 'List conversations: all of them, or those of an admin or of a user, open or closed, unread, sorted.',
  params: [
    {
      name: 'admin_id',
      type: 'string',
      required: false,
      description: 'Only conversations assigned to this admin ("nobody" for unassigned ones is not supported any more).',
    },
    { name: 'display_as', type: 'string', required: false, description: 'v1: "plaintext" bodies; the current list and search have no such option (UNSUPPORTED).' },
    { name: 'email', type: 'string', required: false, description: 'Only conversations of the user with this email (looked up).' },
    { name: 'intercom_user_id', type: 'string', required: false, description: 'Only conversations of the contact with this Intercom id.' },
    { name: 'open', type: 'boolean', required: false, description: 'true: only open conversations; false: only closed ones.' },
    { name: 'order', type: 'string', required: false, enum: ['asc', 'desc'], description: 'Sort order (default desc).' },
    { name: 'sort', type: 'string', required: false, enum: ['created_at', 'updated_at', 'waiting_since'], description: 'Sort field (default updated_at).' },
    { name: 'type', type: 'string', required: false, enum: ['admin', 'user'], description: 'Whose conversations: an admin\'s (admin_id) or a user\'s (intercom_user_id, user_id or email).' },
    { name: 'unread', type: 'boolean', required: false, description: 'true: only unread conversations.' },
    { name: 'user_id', type: 'string', required: false, description: 'Only conversations of the user with this user_id (looked up as external_id).' },
  ],
  targets: ['listConversations', 'SearchContacts', 'searchConversations'],
  readOnly: true,
  resultsPath: {},
  mapped: {
    '(no filter)': 'listConversations',
    admin_id: 'searchConversations admin_assignee_id = <integer>',
    open: 'searchConversations open = <boolean>',
    unread: 'true → searchConversations read = false',
    intercom_user_id: 'searchConversations contact_ids = <id>',
    user_id: 'lookup external_id → searchConversations contact_ids',
    email: 'lookup email → searchConversations contact_ids',
    sort: 'searchConversations sort.field',
    order: 'searchConversations sort.order (asc → ascending, desc → descending)',
  },
  example: { type: 'admin', admin_id: '991267921', open: true },
  answer: { anyOf: [{ $answerOf: 'listConversations' }, { $answerOf: 'searchConversations' }] },
  rows: { anyOf: [{ $rowOf: 'listConversations' }, { $rowOf: 'searchConversations' }] },
  binding: async (params, ctx) => {
    if (params.display_as !== undefined) {
      throw unsupported(ctx, 'display_as', 'neither listConversations nor searchConversations takes display_as; use get_conversation per conversation');
    }
    const user = pickIdentifier(params, '', { id: 'intercom_user_id', user_id: 'user_id', email: 'email' });
    const adminGiven = given(params.admin_id);
    if (params.type === 'admin' && user) throw invalidParam(ctx, user.path, 'filters a user\'s conversations: not with type admin');
    if (params.type === 'user' && !user) throw invalidParam(ctx, '/type', 'user needs one of intercom_user_id, user_id or email');
    if (params.type === 'user' && adminGiven) throw invalidParam(ctx, '/admin_id', 'filters an admin\'s conversations: not with type user');

    const filters: SearchFilter[] = [];
    if (adminGiven !== undefined) {
      if (adminGiven.trim().toLowerCase() === 'nobody') {
        throw unsupported(
          ctx,
          'admin_id',
          '"nobody" (unassigned conversations) has no documented search encoding: admin_assignee_id is searched as an integer admin id',
        );
      }
      filters.push({ field: 'admin_assignee_id', operator: '=', value: integerId(ctx, '/admin_id', adminGiven) });
    }
    if (typeof params.open === 'boolean') filters.push({ field: 'open', operator: '=', value: params.open });
    if (params.unread === true) filters.push({ field: 'read', operator: '=', value: false });
    const sorted = params.sort !== undefined || params.order !== undefined;

    if (!user && !filters.length && !sorted) return ctx.list('listConversations', {});

    if (user) {
      const contactId =
        user.key === 'id'
          ? user.value
          : (await findOneContact(ctx, 'user', user.key === 'user_id' ? 'external_id' : 'email', user.value, undefined, ['searchConversations'])).id;
      filters.push({ field: 'contact_ids', operator: '=', value: contactId });
    }
    const body: SortedSearchBody = { query: searchQuery(filters.length === 0 ? [EVERY_CONVERSATION] : filters) };
    if (sorted) body.sort = { field: params.sort ?? 'updated_at', order: params.order === 'asc' ? 'ascending' : 'descending' };
    return ctx.list('searchConversations', { body });
  },
} satisfies V1Operation;
