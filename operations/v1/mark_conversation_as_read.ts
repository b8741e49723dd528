import type { V1Operation } from '../types.js';

export default {
  name: 'mark_conversation_as_read',
  summary: 'Mark a conversation as read.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Id of the conversation.' }],
  // v1 documented `{ read: true }` as the body; it is always sent, so the body is optional.
  body: {
    type: 'object',
    properties: { read: { type: 'boolean', enum: [true], description: 'Always true: this operation only marks as read.' } },
    additionalProperties: false,
  },
  targets: ['updateConversation'],
  readOnly: false,
  mapped: { id: 'path id (numeric: the current API declares an integer where it says so)', '$body.read': 'body read (always true)' },
  example: { id: '147' },
  binding: { target: 'updateConversation', path: ['id'], fixedBody: { read: true } },
} satisfies V1Operation;
