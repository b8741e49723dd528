import { companyBodySchema } from '../shared/companies.js';
import type { V1Operation } from '../types.js';
import createCompany from './create_company.js';

/**
 * Same call as create_company (2.x, like v1, looks companies up by company_id and creates one
 * when none has it). Here `company_id` is required: an update without the lookup key would
 * silently create a new company.
 */
export default {
  ...createCompany,
  name: 'update_company',
  summary: 'Update the company with this company_id (created when no company has it, as in v1).',
  body: { ...companyBodySchema, required: ['company_id'] },
} satisfies V1Operation;
