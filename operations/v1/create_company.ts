import { companyBodySchema, companyWriteBody, READ_ONLY_COMPANY_FIELDS } from '../shared/companies.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'create_company',
  summary: 'Create or update a company (looked up by company_id; created when not found).',
  params: [],
  body: companyBodySchema,
  bodyRequired: true,
  targets: ['createOrUpdateCompany'],
  readOnly: false,
  mapped: { monthly_spend: 'monthly_spend (whole number: floats truncated, as v1 did)' },
  dropped: [...READ_ONLY_COMPANY_FIELDS],
  answer: { $answerOf: 'createOrUpdateCompany' },
  binding: (params, ctx) => ctx.call('createOrUpdateCompany', { body: companyWriteBody(ctx, params.$body) }),
} satisfies V1Operation;
