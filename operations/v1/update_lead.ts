import { findOneContact } from '../shared/contacts.js';
import { companySteps, CONTACT_DROPPED, CONTACT_MAPPED, requireBody, translateContactBody, v1LeadBodySchema, writeCompanies } from '../shared/contact-body.js';
import { LEAD_USER_ID_HINT } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

export default {
  name: 'update_lead',
  summary: 'Update a lead given by $body.id, or by its v1 user_id (looked up as external_id).',
  params: [],
  body: v1LeadBodySchema,
  bodyRequired: true,
  targets: ['SearchContacts', 'UpdateContact', 'createOrUpdateCompany', 'attachContactToACompany'],
  readOnly: false,
  mapped: { ...CONTACT_MAPPED, id: 'UpdateContact path id', 'user_id (without id)': 'lookup (role lead, external_id) → UpdateContact' },
  dropped: CONTACT_DROPPED,
  example: { $body: { id: '6643703ffae7834d1792fd30', name: 'Jane Doe' } },
  pathParams: ['/$body/id'],
  answer: { $answerOf: 'UpdateContact' },
  binding: async (params, ctx) => {
    const v1 = requireBody(ctx, params);
    const id = given(v1.id);
    const userId = given(v1.user_id);
    if (!id && !userId) throw invalidParam(ctx, '/$body/id', 'or $body.user_id is required: say which lead to update');
    const { body, companies } = translateContactBody(ctx, v1);
    const then = ['UpdateContact', ...companySteps(companies)];
    const leadId = id ?? (await findOneContact(ctx, 'lead', 'external_id', userId!, LEAD_USER_ID_HINT, then)).id;
    const contact = await ctx.call('UpdateContact', { path: [leadId], body }, { independent: true });
    if (companies.length) await writeCompanies(ctx, leadId, companies);
    return contact;
  },
} satisfies V1Operation;
