import type { V1Operation } from '../types.js';

export default {
  name: 'get_admin',
  summary: 'Get one admin (teammate) by id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Id of the admin.' }],
  targets: ['retrieveAdmin'],
  readOnly: true,
  mapped: { id: 'path id (numeric: the current API declares an integer where it says so)' },
  example: { id: '991267921' },
  binding: { target: 'retrieveAdmin', path: ['id'] },
} satisfies V1Operation;
