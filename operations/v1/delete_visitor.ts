import { ApiError, NotFoundError } from '../../runtime/errors.js';
import type { V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

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
  example: { user_id: 'visitor-1' },
  answer: { description: 'What Intercom answers to the legacy DELETE /visitors/{id}: no 2.7+ description declares it.' },
  binding: async (params, ctx) => {
    const userId = given(params.user_id);
    if (!userId) throw invalidParam(ctx, '/user_id', 'is required: say which visitor to delete (or use delete_visitor_by_id)');
    const notFound = () =>
      new NotFoundError(`${ctx.operation}: no visitor with user_id ${JSON.stringify(userId)}; nothing was deleted`, {
        operation: ctx.operation,
        lookup: { user_id: userId },
      });
    let visitor: { id?: string } | null;
    try {
      // The delete needs the visitor's id (a legacy endpoint: named by method and route).
      visitor = await ctx.call('retrieveVisitorWithUserId', { query: { user_id: userId } }, { then: ['DELETE /visitors/{}'] });
    } catch (error) {
      // The retrieve is the lookup: Intercom's 404 there means no such visitor.
      if (error instanceof ApiError && error.status === 404) throw notFound();
      throw error;
    }
    const visitorId = given(visitor?.id);
    if (!visitorId) throw notFound();
    // The id was looked up by the caller's user_id: a problem with it is reported there.
    return ctx.legacy({ method: 'DELETE', route: '/visitors/{}', path: [visitorId], names: ['user_id'] });
  },
} satisfies V1Operation;
