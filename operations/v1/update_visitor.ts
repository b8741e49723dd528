import type { V1Operation } from '../types.js';
import { given, invalidParam } from '../shared/rules.js';

const WRITABLE = ['id', 'user_id', 'name', 'custom_attributes'];
const timestamp = { type: 'integer', description: 'Unix timestamp (seconds)' } as const;
// anyOf, not a type array: strict Ajv (strictTypes) only allows a type array for nullable.
const anyList = { anyOf: [{ type: 'array' }, { type: 'object' }] } as const;

export default {
  name: 'update_visitor',
  summary: 'Update a visitor given by id or user_id (name and custom attributes).',
  params: [],
  body: {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'Intercom id of the visitor' },
      user_id: { type: 'string', description: "The visitor's user_id" },
      name: { type: 'string' },
      custom_attributes: { type: 'object' },
      last_request_at: timestamp,
      created_at: timestamp,
      updated_at: timestamp,
      avatar: { type: 'object' },
      type: { type: 'string' },
      segments: anyList,
      tags: anyList,
      social_profiles: anyList,
      unsubscribed_from_emails: { type: 'boolean' },
      location_data: { type: 'object' },
    },
    additionalProperties: true,
  },
  bodyRequired: true,
  targets: ['updateVisitor'],
  readOnly: false,
  mapped: { id: 'id', user_id: 'user_id', name: 'name', custom_attributes: 'custom_attributes' },
  dropped: [
    'last_request_at', 'created_at', 'updated_at', 'avatar', 'type', 'segments', 'tags', 'social_profiles',
    'unsubscribed_from_emails', 'location_data',
  ],
  example: { $body: { user_id: 'visitor-1', name: 'Jane Doe' } },
  answer: { $answerOf: 'updateVisitor' },
  binding: async (params, ctx) => {
    const v1 = params.$body as Record<string, unknown>;
    if (!given(v1.id) && !given(v1.user_id)) throw invalidParam(ctx, '/$body/id', 'or $body.user_id is required: say which visitor to update');
    const body: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(v1)) {
      if (value === undefined) continue;
      if (field === 'id' || field === 'user_id') {
        if (given(value)) body[field] = value;
      } else if (WRITABLE.includes(field)) body[field] = value;
      else ctx.warn(field, 'the current API only updates a visitor\'s name and custom_attributes; not sent');
    }
    return ctx.call('updateVisitor', { body });
  },
} satisfies V1Operation;
