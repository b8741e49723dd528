import { findCompany } from '../shared/companies.js';
import { given, invalidParam, unsupported } from '../shared/rules.js';
import type { CanonicalContext, TargetQuery, V1Operation } from '../types.js';

/** A tag id as the 2.x query declares it (string); v1 tag ids are whole numbers. */
function tagId(ctx: CanonicalContext, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidParam(ctx, '/tag_id', 'must be a whole number (a tag id)');
  }
  return String(value);
}

export default {
  name: 'list_companies',
  summary:
    'List companies, filtered by company_id, name, segment or tag, or ordered; with type "user", list the users of the company named by company_id or name.',
  params: [
    { name: 'company_id', type: 'string', required: false, description: 'Your id of the company to find.' },
    { name: 'name', type: 'string', required: false, description: 'Name of the company to find.' },
    {
      name: 'order',
      type: 'string',
      required: false,
      enum: ['asc', 'desc'],
      description: 'List every company in this order (by when it was last updated); cannot be combined with filters.',
    },
    {
      name: 'segment_id',
      type: 'string',
      required: false,
      description: 'Only companies in this segment (cannot be combined with tag_id).',
      correction: {
        seedType: 'number',
        reason: 'segment ids are strings (24-character hex ids such as 58135df83917e42135b2ea29); 2.x declares segment_id a string',
      },
    },
    {
      name: 'tag_id',
      type: 'number',
      required: false,
      description: 'Only companies with this tag (cannot be combined with segment_id).',
    },
    {
      name: 'type',
      type: 'string',
      required: false,
      description: 'Set to "user" to list the users of the company named by company_id or name.',
    },
  ],
  targets: ['retrieveCompany', 'listAllCompanies', 'ListAttachedContacts'],
  readOnly: true,
  resultsPath: {},
  mapped: {
    company_id: 'retrieveCompany company_id',
    name: 'retrieveCompany name',
    segment_id: 'retrieveCompany segment_id',
    tag_id: 'retrieveCompany tag_id (as a string)',
    order: 'listAllCompanies order',
    type: '"user": retrieveCompany lookup → ListAttachedContacts',
  },
  answer: { anyOf: [{ $answerOf: 'retrieveCompany' }, { $answerOf: 'listAllCompanies' }, { $answerOf: 'ListAttachedContacts' }] },
  rows: { anyOf: [{ $rowOf: 'retrieveCompany' }, { $rowOf: 'listAllCompanies' }, { $rowOf: 'ListAttachedContacts' }] },
  binding: async (params, ctx) => {
    const companyId = given(params.company_id);
    const name = given(params.name);
    const segmentId = given(params.segment_id);
    const tag = tagId(ctx, params.tag_id);
    const order = given(params.order);
    const type = given(params.type);

    // v1 rule ("List by Tag, Segment, Company"): tag and segment cannot be combined.
    if (tag !== undefined && segmentId !== undefined) {
      throw invalidParam(ctx, '/tag_id', 'cannot be combined with segment_id in one list request');
    }
    if (type !== undefined && type !== 'user') {
      throw invalidParam(ctx, '/type', 'must be "user" (list the users of one company) or left out');
    }

    if (type === 'user') {
      if (!companyId && !name) throw invalidParam(ctx, '/company_id', 'or name is required with type "user": say which company');
      if (tag !== undefined) throw unsupported(ctx, 'tag_id', 'cannot filter the users of a company (type "user")');
      if (segmentId !== undefined) throw unsupported(ctx, 'segment_id', 'cannot filter the users of a company (type "user")');
      if (order !== undefined) throw unsupported(ctx, 'order', 'cannot order the users of a company (type "user")');
      const then = ['ListAttachedContacts'];
      const company = companyId ? await findCompany(ctx, 'company_id', companyId, then) : await findCompany(ctx, 'name', name!, then);
      return ctx.list('ListAttachedContacts', { path: [company.id] });
    }

    const query: TargetQuery<'retrieveCompany'> = {};
    if (companyId !== undefined) query.company_id = companyId;
    if (name !== undefined) query.name = name;
    if (segmentId !== undefined) query.segment_id = segmentId;
    if (tag !== undefined) query.tag_id = tag;

    if (order !== undefined) {
      // listAllCompanies orders but does not filter; retrieveCompany filters but does not order.
      const filter = Object.keys(query)[0];
      if (filter) throw unsupported(ctx, 'order', `cannot be combined with ${filter}: 2.x lists companies either filtered or ordered`);
      return ctx.list('listAllCompanies', { query: { order } });
    }
    return ctx.list('retrieveCompany', Object.keys(query).length ? { query } : {});
  },
} satisfies V1Operation;
