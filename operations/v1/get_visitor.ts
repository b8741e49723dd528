import type { V1Operation } from '../types.js';

export default {
  name: 'get_visitor',
  summary: 'Get a visitor by Intercom id (GET /visitors/{id}: an endpoint the current spec lacks).',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the visitor.' }],
  targets: [],
  legacy: true,
  readOnly: true,
  mapped: { id: 'legacy GET /visitors/{id}' },
  pathParams: ['/id'],
  answer: { $answerOf: 'retrieveVisitorWithUserId', description: 'The visitor (legacy GET /visitors/{id}; shaped as the visitor the current API answers).' },
  binding: (params, ctx) => ctx.legacy({ method: 'GET', route: '/visitors/{}', path: [params.id], names: ['id'] }),
} satisfies V1Operation;
