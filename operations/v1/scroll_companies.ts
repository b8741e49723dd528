import type { TargetRequestFor, V1Operation } from '../types.js';

export default {
  name: 'scroll_companies',
  summary: 'Scroll over all companies: pass back the scroll_param of each answer to get the next page.',
  params: [
    {
      name: 'scroll',
      type: 'string',
      required: false,
      description: 'The scroll_param of the previous page; leave out to open a new scroll.',
    },
  ],
  targets: ['scrollOverAllCompanies'],
  readOnly: true,
  mapped: { scroll: 'scroll_param' },
  // run(): one page, the v1 answer with its scroll_param; iterate(): every row of every page.
  answer: { $answerOf: 'scrollOverAllCompanies', description: 'run(): one page and its scroll_param; iterate() streams the rows of every page.' },
  rows: { $rowOf: 'scrollOverAllCompanies' },
  binding: async (params, ctx) => {
    const request: TargetRequestFor<'scrollOverAllCompanies'> = params.scroll !== undefined ? { query: { scroll_param: params.scroll } } : {};
    return ctx.mode === 'iterate' ? ctx.list('scrollOverAllCompanies', request) : ctx.call('scrollOverAllCompanies', request);
  },
} satisfies V1Operation;
