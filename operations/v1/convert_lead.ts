import { findOneContact } from '../shared/contacts.js';
import { v1LeadBodySchema, v1UserBodySchema } from '../shared/contact-body.js';
import { findContactIfAny, LEAD_USER_ID_HINT } from '../shared/users-leads.js';
import type { CanonicalContext, V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

const LEAD_KEYS = ['id', 'user_id'];
const USER_KEYS = ['id', 'user_id', 'email'];

/** Only identifiers matter to a conversion: every other field present is reported, never sent. */
function warnOthers(ctx: CanonicalContext, part: string, value: Record<string, unknown>, keys: string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key) && value[key] !== undefined) {
      ctx.warn(`${part}.${key}`, `a conversion only uses the ${part}'s identifiers (${keys.join(', ')}); not sent`);
    }
  }
}

export default {
  name: 'convert_lead',
  summary: 'Convert a lead to a user: merge it into the user when that user exists, else turn the lead into that user.',
  params: [],
  body: {
    type: 'object',
    properties: {
      contact: { ...v1LeadBodySchema, description: 'The lead: id or user_id' },
      user: { ...v1UserBodySchema, description: 'The user: id, user_id or email' },
    },
    required: ['contact', 'user'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['SearchContacts', 'MergeContact', 'UpdateContact'],
  readOnly: false,
  mapped: {
    'contact.id': 'MergeContact from',
    'contact.user_id': 'lookup (role lead, external_id)',
    'user.id': 'MergeContact into',
    'user.user_id | user.email': 'lookup (role user, external_id | email); none → UpdateContact(lead, role user, external_id, email)',
  },
  dropped: ['contact.* except id, user_id', 'user.* except id, user_id, email'],
  example: { $body: { contact: { id: '6643703ffae7834d1792fd30' }, user: { user_id: 'user-1' } } },
  pathParams: ['/$body/contact/id'],
  answer: { anyOf: [{ $answerOf: 'MergeContact', description: 'Merged into the existing user.' }, { $answerOf: 'UpdateContact', description: 'No such user: the lead became one.' }] },
  binding: async (params, ctx) => {
    const { contact, user } = params.$body as { contact: Record<string, any>; user: Record<string, any> };
    const leadId = given(contact.id);
    const leadUserId = given(contact.user_id);
    if (!leadId && !leadUserId) throw invalidParam(ctx, '/$body/contact', 'needs id or user_id (which lead to convert)');
    const userId = given(user.id);
    const userExternalId = given(user.user_id);
    const userEmail = given(user.email);
    if (!userId && !userExternalId && !userEmail) throw invalidParam(ctx, '/$body/user', 'needs id, user_id or email (which user)');
    warnOthers(ctx, 'contact', contact, LEAD_KEYS);
    warnOthers(ctx, 'user', user, USER_KEYS);

    // Given the user's Intercom id the lead is merged into it; otherwise the user lookup decides
    // between merge and update.
    const afterUser = userId ? ['MergeContact'] : ['MergeContact', 'UpdateContact'];
    const afterLead = userId ? afterUser : ['SearchContacts', ...afterUser];
    const from = leadId ?? (await findOneContact(ctx, 'lead', 'external_id', leadUserId!, LEAD_USER_ID_HINT, afterLead)).id;
    const into =
      userId ??
      (userExternalId
        ? await findContactIfAny(ctx, 'user', 'external_id', userExternalId, afterUser)
        : await findContactIfAny(ctx, 'user', 'email', userEmail!, afterUser))?.id;
    if (into) return ctx.call('MergeContact', { body: { from, into } });
    return ctx.call('UpdateContact', {
      path: [from],
      body: { role: 'user', ...(userExternalId ? { external_id: userExternalId } : {}), ...(userEmail ? { email: userEmail } : {}) },
    });
  },
} satisfies V1Operation;
