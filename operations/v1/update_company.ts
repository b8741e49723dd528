import { companyBodySchema, companyWriteBody } from '../shared/companies.js';
import type { V1Operation } from '../types.js';

/**
 * Same call as create_company (2.x, like v1, looks companies up by company_id and creates one
 * when none has it). Here `company_id` is required: an update without the lookup key would
 * silently create a new company.
 */
export default {
  name: 'update_company',
  summary: 'Update the company with this company_id (created when no company has it, as in v1).',
  params: [],
  body: { ...companyBodySchema, required: ['company_id'] },
  bodyRequired: true,
  targets: ['createOrUpdateCompany'],
  readOnly: false,
  mapped: { monthly_spend: 'monthly_spend (whole number: floats truncated, as v1 did)' },
  dropped: ['id', 'type', 'created_at', 'updated_at', 'last_request_at', 'user_count', 'session_count'],
  binding: (params, ctx) => ctx.call('createOrUpdateCompany', { body: companyWriteBody(ctx, params.$body) }),
} satisfies V1Operation;
