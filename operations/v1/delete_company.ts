import { findCompany } from '../shared/companies.js';
import { given, invalidParam } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

/**
 * v1 had no company delete; the operation list documents a `user_id` parameter. It is read as
 * the company's own `company_id` (your id for the company), looked up with retrieveCompany, and
 * the company it names is deleted by its Intercom id.
 */
export default {
  name: 'delete_company',
  summary: "Delete a company by your company_id (the list's `user_id` parameter is the company's company_id).",
  params: [
    {
      name: 'user_id',
      type: 'string',
      required: false,
      description: "Your company_id of the company to delete (the v1 list names it user_id). Required in practice.",
    },
  ],
  targets: ['retrieveCompany', 'deleteCompany'],
  readOnly: false,
  mapped: { user_id: 'company_id (retrieveCompany lookup) → path id' },
  example: { user_id: 'company-1' },
  answer: { $answerOf: 'deleteCompany' },
  binding: async (params, ctx) => {
    const companyId = given(params.user_id);
    if (!companyId) throw invalidParam(ctx, '/user_id', "is required: the company_id of the company to delete");
    const company = await findCompany(ctx, 'company_id', companyId, ['deleteCompany']);
    return ctx.call('deleteCompany', { path: [company.id] });
  },
} satisfies V1Operation;
