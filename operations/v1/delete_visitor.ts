import { NotFoundError } from '../../runtime/errors.js';
import { invalid, text } from '../shared/contact-body.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'delete_visitor',
  summary: 'Delete a visitor found by its user_id (retrieve, then DELETE /visitors/{id}: an endpoint the current spec lacks).',
  params: [
    { name: 'user_id', type: 'string', required: false, description: "The visitor's user_id (required in practice)." },
  ],
  targets: ['retrieveVisitorWithUserId'],
  legacy: true,
  readOnly: false,
  mapped: { user_id: 'retrieveVisitorWithUserId query user_id → legacy DELETE /visitors/{id}' },
  binding: async (params, ctx) => {
    const userId = text(params.user_id);
    if (!userId) throw invalid(ctx, '/user_id', 'is required: say which visitor to delete (or use delete_visitor_by_id)');
    const visitor = await ctx.call<{ id?: string }>('retrieveVisitorWithUserId', { query: { user_id: userId } });
    if (!text(visitor?.id)) {
      throw new NotFoundError(`${ctx.operation}: no visitor with user_id ${JSON.stringify(userId)}`, {
        operation: ctx.operation,
        lookup: { user_id: userId },
      });
    }
    return ctx.legacy({ method: 'DELETE', route: '/visitors/{}', path: [visitor.id!] });
  },
} satisfies V1Operation;
