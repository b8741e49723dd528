import type { V1Operation } from '../types.js';

export default {
  name: 'get_company',
  summary: 'Get a company by its Intercom id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the company.' }],
  targets: ['RetrieveACompanyById'],
  readOnly: true,
  mapped: { id: 'path id' },
  binding: { target: 'RetrieveACompanyById', path: ['id'] },
} satisfies V1Operation;
