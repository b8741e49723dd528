import { scrollAnswer, scrollContacts } from '../shared/users-leads.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'scroll_leads',
  summary: 'Scroll over all leads: one page per call; pass the answer\'s scroll_param back as scroll (null at the end).',
  params: [
    { name: 'scroll', type: 'string', required: false, description: 'The scroll_param of the previous page (absent on the first call).' },
  ],
  targets: ['SearchContacts'],
  readOnly: true,
  mapped: { scroll: 'search pagination.starting_after', scroll_param: 'pages.next.starting_after (null at the end)', contacts: 'data' },
  answer: scrollAnswer('contacts', 'contact.list'),
  rows: { $rowOf: 'SearchContacts' },
  binding: (params, ctx) => scrollContacts(ctx, 'lead', 'contacts', 'contact.list', params.scroll || undefined),
} satisfies V1Operation;
