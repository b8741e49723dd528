import { ATTRIBUTE_VALUE_SCHEMA, requireAnyOf } from '../shared/rules.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'create_event',
  summary: 'Record an event for a user or lead, identified by id, user_id or email.',
  params: [],
  body: {
    type: 'object',
    properties: {
      event_name: { type: 'string', description: "Name of the event, ideally a past-tense verb-noun such as 'updated-plan'." },
      created_at: { type: 'integer', description: 'When the event happened (epoch seconds, UTC).' },
      id: { type: 'string', description: 'Intercom id of the user or lead.' },
      user_id: { type: 'string', description: 'Your user_id of the user.' },
      email: { type: 'string', description: 'Email of the user (only where emails identify your users uniquely).' },
      metadata: {
        type: 'object',
        description: 'Optional details about the event: name → value.',
        additionalProperties: ATTRIBUTE_VALUE_SCHEMA,
      },
    },
    required: ['event_name', 'created_at'],
    anyOf: requireAnyOf('id', 'user_id', 'email'),
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['createDataEvent'],
  readOnly: false,
  example: { $body: { event_name: 'ordered-item', created_at: 1714564800, user_id: 'user-1', metadata: { order_number: 'A-1001' } } },
  binding: { target: 'createDataEvent', body: 'pass' },
} satisfies V1Operation;
