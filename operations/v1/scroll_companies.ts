import type { V1Operation } from '../types.js';

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
  binding: { target: 'scrollOverAllCompanies', query: { scroll_param: 'scroll' } },
} satisfies V1Operation;
