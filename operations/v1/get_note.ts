import type { V1Operation } from '../types.js';

export default {
  name: 'get_note',
  summary: 'Get one note by id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Id of the note.' }],
  targets: ['retrieveNote'],
  readOnly: true,
  mapped: { id: 'path id (numeric: the current API declares an integer where it says so)' },
  example: { id: '17495962' },
  binding: { target: 'retrieveNote', path: ['id'] },
} satisfies V1Operation;
