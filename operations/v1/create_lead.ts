import { companySteps, CONTACT_DROPPED, CONTACT_MAPPED, translateContactBody, v1LeadBodySchema, writeCompanies } from '../shared/contact-body.js';
import type { TargetResult, V1Operation } from '../types.js';
import { given } from '../shared/rules.js';

export default {
  name: 'create_lead',
  summary: 'Create a lead (contact with role lead), or update the lead whose Intercom id is given in $body.id.',
  params: [],
  body: v1LeadBodySchema,
  targets: ['CreateContact', 'UpdateContact', 'createOrUpdateCompany', 'attachContactToACompany'],
  readOnly: false,
  mapped: { ...CONTACT_MAPPED, id: 'UpdateContact path id (else CreateContact role lead)' },
  dropped: CONTACT_DROPPED,
  pathParams: ['/$body/id'],
  answer: { anyOf: [{ $answerOf: 'CreateContact', description: 'The new lead.' }, { $answerOf: 'UpdateContact', description: 'The lead of $body.id, updated.' }] },
  binding: async (params, ctx) => {
    const v1: Record<string, any> = params.$body ?? {};
    const id = given(v1.id);
    const { body, companies } = translateContactBody(ctx, v1);
    let contact: TargetResult<'UpdateContact'> | TargetResult<'CreateContact'>;
    let contactId = id;
    if (id) {
      contact = await ctx.call('UpdateContact', { path: [id], body }, { independent: true });
    } else {
      // The company calls need the new contact's id.
      contact = await ctx.call('CreateContact', { body: { role: 'lead', ...body } }, { then: companySteps(companies) });
      contactId = contact?.id;
    }
    if (companies.length) await writeCompanies(ctx, contactId!, companies);
    return contact;
  },
} satisfies V1Operation;
