import { requestFromData } from '../data-binding.js';
import type { DataBinding, V1Operation } from '../types.js';

const SCROLL: DataBinding = { target: 'scrollOverAllCompanies', query: { scroll_param: 'scroll' } };

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
    const request = requestFromData(SCROLL, params);
    return ctx.mode === 'iterate' ? ctx.list(SCROLL.target, request) : ctx.call(SCROLL.target, request);
  },
} satisfies V1Operation;
