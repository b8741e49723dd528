import type { V1Operation } from '../types.js';

export default {
  name: 'delete_company_by_id',
  summary: 'Delete a company by its Intercom id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the company.' }],
  targets: ['deleteCompany'],
  readOnly: false,
  mapped: { id: 'path id' },
  binding: { target: 'deleteCompany', path: ['id'] },
} satisfies V1Operation;
