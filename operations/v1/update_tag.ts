import type { V1Operation } from '../types.js';

export default {
  name: 'update_tag',
  summary: 'Rename a tag, given its id and the new name.',
  params: [],
  body: {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'Id of the tag to rename.' },
      name: { type: 'string', description: 'New name of the tag.' },
      type: { type: 'string', description: 'Model type "tag" (dropped with a warning).' },
    },
    required: ['id', 'name'],
    additionalProperties: false,
  },
  bodyRequired: true,
  targets: ['createTag'],
  readOnly: false,
  dropped: ['type'],
  answer: { $answerOf: 'createTag' },
  binding: async (params, ctx) => {
    const { id, name, type } = params.$body as { id: string; name: string; type?: string };
    if (type !== undefined) ctx.warn('type', 'type is not writable with the current API; it was not sent');
    return ctx.call('createTag', { body: { name, id } });
  },
} satisfies V1Operation;
