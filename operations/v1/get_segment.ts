import type { V1Operation } from '../types.js';

export default {
  name: 'get_segment',
  summary: 'Get one segment, optionally with how many contacts it holds.',
  params: [
    { name: 'id', type: 'string', required: true, description: 'Id of the segment.' },
    { name: 'include_count', type: 'boolean', required: false, description: 'Add the segment\'s count of contacts.' },
  ],
  targets: ['retrieveSegment', 'listSegments'],
  readOnly: true,
  mapped: {
    id: 'path id',
    include_count: 'count of this segment from listSegments(include_count=true): retrieveSegment has no count',
  },
  pathParams: ['/id'],
  answer: { $answerOf: 'retrieveSegment', description: 'The segment; with include_count, its count from listSegments.' },
  binding: async (params, ctx) => {
    if (params.include_count !== true) return ctx.call('retrieveSegment', { path: [params.id] });
    // The list request does not depend on the segment's answer: a dry run plans both.
    const segment = await ctx.call('retrieveSegment', { path: [params.id] }, { independent: true });
    const list = await ctx.call('listSegments', { query: { include_count: true } });
    const counted = list?.segments?.find((s) => s.id === (segment?.id ?? params.id));
    if (!segment || typeof segment !== 'object') return segment;
    if (counted && typeof counted.count === 'number') return { ...segment, count: counted.count };
    ctx.warn('include_count', `include_count: segment ${JSON.stringify(params.id)} was not in the counted segment list; answered without count`);
    return segment;
  },
} satisfies V1Operation;
