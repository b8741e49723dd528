import type { V1Operation } from '../types.js';

export default {
  name: 'list_tags',
  summary: 'List all tags of the workspace.',
  params: [],
  targets: ['listTags'],
  readOnly: true,
  binding: { target: 'listTags' },
} satisfies V1Operation;
