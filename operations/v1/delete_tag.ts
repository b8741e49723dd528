import type { V1Operation } from '../types.js';

export default {
  name: 'delete_tag',
  summary: 'Delete a tag by id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Id of the tag.' }],
  targets: ['deleteTag'],
  readOnly: false,
  mapped: { id: 'path id' },
  binding: { target: 'deleteTag', path: ['id'] },
} satisfies V1Operation;
