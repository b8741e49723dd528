import type { V1Operation } from '../types.js';

export default {
  name: 'get_conversation',
  summary: 'Get one conversation with its parts, optionally as plain text.',
  params: [
    { name: 'id', type: 'string', required: true, description: 'Id of the conversation.' },
    { name: 'display_as', type: 'string', required: false, description: 'Set to "plaintext" to get message bodies as plain text.' },
  ],
  targets: ['retrieveConversation'],
  readOnly: true,
  mapped: { id: 'path id (numeric: the current API declares an integer where it says so)', display_as: 'query display_as' },
  example: { id: '147', display_as: 'plaintext' },
  binding: { target: 'retrieveConversation', path: ['id'], query: { display_as: 'display_as' } },
} satisfies V1Operation;
