import type { V1Operation } from '../types.js';

export default {
  name: 'delete_visitor_by_id',
  summary: 'Delete a visitor by Intercom id (DELETE /visitors/{id}: an endpoint the current spec lacks).',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the visitor.' }],
  targets: [],
  legacy: true,
  readOnly: false,
  mapped: { id: 'legacy DELETE /visitors/{id}' },
  pathParams: ['/id'],
  answer: { description: 'What Intercom answers to the legacy DELETE /visitors/{id}: no 2.7+ description declares it.' },
  binding: (params, ctx) => ctx.legacy({ method: 'DELETE', route: '/visitors/{}', path: [params.id], names: ['id'] }),
} satisfies V1Operation;
