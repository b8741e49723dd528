import { UnsupportedError } from '../../runtime/errors.js';
import type { CanonicalContext, V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

const IDENTIFIERS = ['id', 'user_id', 'email'] as const;
const party = {
  type: 'object',
  properties: { id: { type: 'string' }, user_id: { type: 'string' }, email: { type: 'string' } },
  additionalProperties: true,
} as const;

/** The identifiers of a visitor / user object; every other field present is reported, never sent. */
function identifiers(ctx: CanonicalContext, part: string, value: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, field] of Object.entries(value ?? {})) {
    if ((IDENTIFIERS as readonly string[]).includes(key)) {
      if (given(field)) out[key] = field as string;
    } else if (field !== undefined) {
      ctx.warn(`${part}.${key}`, `a conversion only uses the ${part}'s identifiers (id, user_id, email); not sent`);
    }
  }
  return out;
}

export default {
  name: 'convert_visitor',
  summary: 'Convert a visitor to a user (merged into the user when it exists) or to a lead.',
  params: [],
  body: {
    type: 'object',
    properties: {
      visitor: { ...party, description: 'The visitor: id, user_id or email' },
      type: { type: 'string', enum: ['user', 'lead'] },
      user: { ...party, description: 'The user: id or user_id (and email); for type lead the visitor\'s own identifiers are sent' },
    },
    required: ['visitor', 'type'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['convertVisitor'],
  readOnly: false,
  mapped: {
    'visitor{id|user_id|email}': 'visitor',
    'user{id|user_id|email}': 'user (user_id stays user_id)',
    'type: "lead" without user': 'user = the visitor\'s id / user_id (the current API requires user)',
  },
  dropped: ['visitor.* except id, user_id, email', 'user.* except id, user_id, email'],
  example: { $body: { visitor: { user_id: 'visitor-1' }, type: 'user', user: { user_id: 'user-1', email: 'jane.doe@example.com' } } },
  answer: { $answerOf: 'convertVisitor' },
  binding: async (params, ctx) => {
    const { type } = params.$body as { type: 'user' | 'lead' };
    const visitor = identifiers(ctx, 'visitor', params.$body.visitor);
    if (!Object.keys(visitor).length) throw invalidParam(ctx, '/$body/visitor', 'needs id, user_id or email (which visitor)');
    let user = identifiers(ctx, 'user', params.$body.user);
    if (type === 'user' && !Object.keys(user).length) {
      throw invalidParam(ctx, '/$body/user', 'is required with type "user": id, user_id or email of the user');
    }
    if (type === 'lead' && !Object.keys(user).length) user = { ...visitor };
    if (!user.id && !user.user_id) {
      throw new UnsupportedError(
        `${ctx.operation}: ${type === 'lead' ? 'visitor' : 'user'} identified by email only: the current API requires ` +
          'user.id or user.user_id in a conversion; nothing was sent',
        { operation: ctx.operation, parameter: type === 'lead' ? '/$body/visitor' : '/$body/user' },
      );
    }
    return ctx.call('convertVisitor', { body: { type, user, visitor } });
  },
} satisfies V1Operation;
