/**
 * The explicit, listed fixes applied to upstream descriptions at load time. The upstream file is
 * never edited; each fix says what it repairs and reports how many places it touched.
 */
import { HTTP_METHODS } from '../runtime/http-methods.js';
import { derefObject } from '../runtime/json-pointer.js';

type Document = Record<string, any>;

export interface SpecFix {
  id: string;
  description: string;
  /** Applies the fix in place; returns how many places it changed (0 = not needed here). */
  apply(document: Document): number;
}

export interface AppliedFix {
  id: string;
  description: string;
  count: number;
}

function countRefs(node: unknown, ref: string): number {
  if (Array.isArray(node)) return node.reduce((n, item) => n + countRefs(item, ref), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = (node as Document).$ref === ref ? 1 : 0;
  for (const value of Object.values(node)) n += countRefs(value, ref);
  return n;
}

/** The object a local `$ref` names (the node itself when it is no ref, or one that does not resolve). */
function resolveRef(document: Document, node: Document): Document {
  return derefObject(document, node) ?? node;
}

/** Every operation object with its path, for fixes that target operations by route. */
function* operations(document: Document): Generator<[string, Document, Document]> {
  for (const [path, item] of Object.entries<Document>(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method.toLowerCase()];
      if (operation) yield [path, item, operation];
    }
  }
}

/** The JSON request body schema of `method path`, `$ref` resolved, or undefined. */
function requestBodySchema(document: Document, method: string, path: string): Document | undefined {
  const operation = document.paths?.[path]?.[method];
  const schema = operation?.requestBody?.content?.['application/json']?.schema;
  return schema ? resolveRef(document, schema) : undefined;
}

/** Contact custom attribute and event metadata values: Intercom stores strings, numbers and booleans. */
const SCALAR_VALUE = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

/** The paging query parameters, as 2.11 declares them (the one version that declares them on these routes). */
const PAGING_PARAMETER: Readonly<Record<'page' | 'per_page' | 'starting_after', Document>> = {
  page: { name: 'page', in: 'query', required: false, description: 'The page of results to fetch. Defaults to first page', schema: { type: 'integer' } },
  per_page: { name: 'per_page', in: 'query', required: false, description: 'How many results to display per page. Defaults to 15', schema: { type: 'integer' } },
  starting_after: { name: 'starting_after', in: 'query', required: false, description: 'String used to get the next page of results.', schema: { type: 'string' } },
};

/** Where the descriptions forget paging parameters a route takes, and the evidence for each. */
export interface PagingDeclaration {
  method: 'GET';
  /** Route shape (path parameter names blanked), as the spec model keys operations. */
  route: string;
  parameters: ReadonlyArray<keyof typeof PAGING_PARAMETER>;
  /** Why: another published version declares them on the same route, or the official SDK sends them. */
  evidence: string;
}

/**
 * Each entry is checked against the descriptions and the SDK's wire tests by
 * test/spec-paging-fixes.test.ts (which also fails when a route some version declares paging on is
 * missing here). Only operations whose answer is a list get them (`answersList`).
 */
export const PAGING_DECLARATIONS: readonly PagingDeclaration[] = [
  { method: 'GET', route: '/contacts', parameters: ['page', 'per_page', 'starting_after'], evidence: '2.11 declares page, per_page and starting_after on GET /contacts (ListContacts)' },
  { method: 'GET', route: '/contacts/{}/notes', parameters: ['page', 'per_page'], evidence: '2.11 declares page and per_page on GET /contacts/{id}/notes (listNotes)' },
  { method: 'GET', route: '/contacts/{}/companies', parameters: ['page', 'per_page'], evidence: '2.11 declares page and per_page on GET /contacts/{id}/companies (listCompaniesForAContact), and the official SDK sends both (intercom-node wire tests, 2.14)' },
  { method: 'GET', route: '/companies/{}/contacts', parameters: ['page', 'per_page'], evidence: '2.11 declares page and per_page on GET /companies/{id}/contacts (ListAttachedContacts)' },
  { method: 'GET', route: '/articles', parameters: ['page', 'per_page'], evidence: '2.11 declares page and per_page on GET /articles (listArticles)' },
  { method: 'GET', route: '/help_center/collections', parameters: ['page', 'per_page'], evidence: '2.11 declares page and per_page on GET /help_center/collections (listAllCollections)' },
  { method: 'GET', route: '/help_center/help_centers', parameters: ['page', 'per_page'], evidence: '2.11 declares page and per_page on GET /help_center/help_centers (listHelpCenters)' },
  { method: 'GET', route: '/events', parameters: ['per_page'], evidence: '2.11 declares per_page on GET /events (lisDataEvents), and the official SDK sends it (intercom-node wire tests, 2.14)' },
];

/** Marks a parameter a listed fix declared, with its evidence (read by the manifest's paging report). */
export const DECLARED_BY_FIX = 'x-intercom-ops-declared';

/**
 * Whether an operation's 200 answer is a list: in it, or in one of its anyOf/oneOf/allOf shapes,
 * an array `data`, or an array property (the rows) beside `pages` or `total_count`.
 */
function answersList(document: Document, operation: Document): boolean {
  const response = resolveRef(document, operation.responses?.['200'] ?? {});
  const isList = (node: unknown, depth: number): boolean => {
    const schema = resolveRef(document, (node ?? {}) as Document);
    if (depth > 5) return false;
    const properties = schema.properties ?? {};
    const hasArray = Object.values<Document>(properties).some((p) => resolveRef(document, p)?.type === 'array');
    if (hasArray && ('pages' in properties || 'total_count' in properties)) return true;
    if (resolveRef(document, properties.data ?? {})?.type === 'array') return true;
    return ['anyOf', 'oneOf', 'allOf'].some((k) => (schema[k] ?? []).some((branch: unknown) => isList(branch, depth + 1)));
  };
  return isList(response.content?.['application/json']?.schema, 0);
}

export const SPEC_FIXES: readonly SpecFix[] = [
  {
    id: 'define-custom-attributes',
    description:
      '2.7–2.11 reference #/components/schemas/custom_attributes without defining it; define it as ' +
      'an object of any attributes (what 2.12+ and the API accept).',
    apply(document) {
      const schemas = (document.components ??= {}).schemas ??= {};
      if (schemas.custom_attributes) return 0;
      const uses = countRefs(document, '#/components/schemas/custom_attributes');
      if (uses === 0) return 0;
      schemas.custom_attributes = {
        type: 'object',
        description: 'Custom attributes (defined by intercom-ops: missing upstream).',
        additionalProperties: true,
      };
      return uses;
    },
  },
  {
    id: 'notes-contact-id-string',
    description:
      'GET/POST /contacts/{id}/notes declare the contact id as an integer (2.7–2.10, 2.12, 2.13, Preview; ' +
      'POST in 2.14–2.16), but contact ids are 24-character hex strings, as every other /contacts/{id} ' +
      'route declares: declare it a string.',
    apply(document) {
      let count = 0;
      for (const [path, item, operation] of operations(document)) {
        if (!/^\/contacts\/\{[^}]+\}\/notes$/.test(path)) continue;
        for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
          const parameter = resolveRef(document, raw);
          if (parameter.in === 'path' && parameter.schema?.type === 'integer') {
            parameter.schema = { ...parameter.schema, type: 'string' };
            count++;
          }
        }
      }
      return count;
    },
  },
  {
    id: 'contact-id-not-uuid',
    description:
      'Contact ids are declared `format: uuid` with minLength = maxLength = 24 (createConversation `from.id`), ' +
      'which no value satisfies (a uuid has 36 characters; contact ids are 24 hex characters): drop the format.',
    apply(document) {
      let count = 0;
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        const schema = node as Document;
        if (schema.format === 'uuid' && schema.minLength === 24 && schema.maxLength === 24) {
          delete schema.format;
          count++;
        }
        Object.values(schema).forEach(visit);
      };
      visit(document.paths);
      visit(document.components);
      return count;
    },
  },
  {
    id: 'scalar-attribute-values',
    description:
      'Company custom_attributes (POST /companies) and event metadata (POST /events) declare string values ' +
      'only, while the API stores numbers and booleans and the spec\'s own examples send them ' +
      '({ paid_subscriber: true, monthly_spend: 155.5 }): accept string, number or boolean values.',
    apply(document) {
      let count = 0;
      for (const [path, field] of [['/companies', 'custom_attributes'], ['/events', 'metadata']] as const) {
        const property = requestBodySchema(document, 'post', path)?.properties?.[field];
        if (property?.additionalProperties?.type === 'string') {
          property.additionalProperties = structuredClone(SCALAR_VALUE);
          count++;
        }
      }
      return count;
    },
  },
  {
    id: 'events-answer-list',
    description:
      'GET /events (lisDataEvents) declares its answer as data_event_summary only, which has no `pages`; the ' +
      'API answers an event list paged by a `pages.next` URL (data_event_list, defined in the same spec, and ' +
      'the shape of the operation\'s own example), or the summary when summary=true: declare it as either.',
    apply(document) {
      const media = document.paths?.['/events']?.get?.responses?.['200']?.content?.['application/json'];
      const list = '#/components/schemas/data_event_list';
      if (media?.schema?.$ref !== '#/components/schemas/data_event_summary' || !document.components?.schemas?.data_event_list) return 0;
      media.schema = { anyOf: [{ $ref: list }, { $ref: media.schema.$ref }] };
      return 1;
    },
  },
  {
    id: 'conversations-answer-list',
    description:
      'GET /conversations (listConversations) declares its answer as paginated_response, the news-item list ' +
      '(rows in `data`: news items and newsfeeds), in 2.7–2.10 and 2.12; the API answers a conversation list (rows ' +
      'in `conversations`), as the operation\'s own examples show and as 2.11 and 2.13+ declare it: declare it ' +
      'conversation_list, defined in the same spec.',
    apply(document) {
      const media = document.paths?.['/conversations']?.get?.responses?.['200']?.content?.['application/json'];
      if (media?.schema?.$ref !== '#/components/schemas/paginated_response' || !document.components?.schemas?.conversation_list) return 0;
      media.schema = { $ref: '#/components/schemas/conversation_list' };
      return 1;
    },
  },
  {
    id: 'contact-companies-in-data',
    description:
      'GET /contacts/{id}/companies (listCompaniesForAContact) declares its rows as `companies` ' +
      '(contact_attached_companies), but every example of the operation in every version, like the API, holds ' +
      'them in `data`: declare `data` beside `companies`, with the same items.',
    apply(document) {
      const schema = document.components?.schemas?.contact_attached_companies;
      const companies = schema?.properties?.companies;
      if (!companies || schema.properties.data) return 0;
      schema.properties.data = structuredClone(companies);
      return 1;
    },
  },
  {
    id: 'nullable-references',
    description:
      'Properties declared `nullable: true` beside a `$ref` (assigned_to, ai_agent, email_message_metadata, ' +
      'event_details, …), or beside an `allOf` of one (tag applied_by in 2.16+), mean "this object or null", and the ' +
      'description\'s own answer examples hold null there; but OpenAPI 3.0 ignores `nullable` beside a `$ref`, and the ' +
      '`allOf` still rejects null: declare them `anyOf: [the reference]` beside `nullable: true` (this object or null).',
    apply(document) {
      let count = 0;
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        const schema = node as Document;
        if (schema.nullable === true && typeof schema.$ref === 'string') {
          schema.anyOf = [{ $ref: schema.$ref }];
          delete schema.$ref;
          count++;
        } else if (schema.nullable === true && Array.isArray(schema.allOf) && !schema.anyOf && !schema.oneOf) {
          const { allOf, type } = schema;
          schema.anyOf = [{ ...(type !== undefined ? { type } : {}), allOf }];
          delete schema.allOf;
          delete schema.type;
          count++;
        }
        Object.values(schema).forEach(visit);
      };
      visit(document.paths);
      visit(document.components);
      return count;
    },
  },
  {
    id: 'answers-null',
    description:
      'Answer properties the description declares non-nullable while its own answer examples hold null: ' +
      'conversation admin_assignee_id and team_assignee_id (null in the 2.16+ examples; declared nullable in ' +
      '2.7–2.15), conversation ai_topics (Preview), macro body and body_text (2.16+), the conversation (and ' +
      'conversation list item) conversation_rating, first_contact_reply, statistics and teammates, and the company ' +
      'scroll\'s pages (null in the 2.11 examples: the API answers null where a conversation has none, in every ' +
      'version): declare them nullable.',
    apply(document) {
      const schemas = document.components?.schemas ?? {};
      const places: Array<[string, string]> = [
        ['conversation', 'admin_assignee_id'], ['conversation', 'team_assignee_id'], ['conversation', 'ai_topics'],
        ['macro', 'body'], ['macro', 'body_text'], ['company_scroll', 'pages'],
        ...['conversation', 'conversation_list_item'].flatMap((component) =>
          ['conversation_rating', 'first_contact_reply', 'statistics', 'teammates'].map((p): [string, string] => [component, p]),
        ),
      ];
      let count = 0;
      for (const [component, name] of places) {
        const properties = schemas[component]?.properties;
        const property = properties?.[name];
        if (!property || property.nullable === true) continue;
        // `$ref` siblings are ignored in OpenAPI 3.0: a referenced property becomes anyOf [ref] + nullable.
        properties[name] = typeof property.$ref === 'string' ? { anyOf: [{ $ref: property.$ref }], nullable: true } : { ...property, nullable: true };
        count++;
      }
      return count;
    },
  },
  {
    id: 'relative-urls',
    description:
      'The `url` of contact_tags, contact_notes, contact_companies, addressable_list, contact_subscription_types and ' +
      'company_data is declared `format: uri`, while the API answers a relative path ("/contacts/<id>/tags"), as the ' +
      'description\'s own examples (of the property and of the answers) show: declare `format: uri-reference`, which ' +
      'a relative path satisfies (any string property with format uri whose own example is a path).',
    apply(document) {
      let count = 0;
      for (const schema of Object.values<Document>(document.components?.schemas ?? {})) {
        const url = schema?.properties?.url;
        if (url?.format === 'uri' && typeof url.example === 'string' && url.example.startsWith('/')) {
          url.format = 'uri-reference';
          count++;
        }
      }
      return count;
    },
  },
  {
    id: 'visitor-email-empty',
    description:
      'A visitor\'s `email` is declared `format: email`, but a visitor who gave none is answered with an empty ' +
      'string, as the retrieveVisitorWithUserId and updateVisitor examples of every version show: drop the format.',
    apply(document) {
      const email = document.components?.schemas?.visitor?.properties?.email;
      if (email?.format !== 'email') return 0;
      delete email.format;
      return 1;
    },
  },
  {
    id: 'activity-log-before-after',
    description:
      'From 2.14, activity_log_metadata `before` and `after` are declared objects (or null), "structure varies by ' +
      'activity type", while the listActivityLogs examples of every version answer strings there (a message title ' +
      'before and after a change): accept any value.',
    apply(document) {
      const properties = document.components?.schemas?.activity_log_metadata?.properties;
      let count = 0;
      for (const name of ['before', 'after']) {
        const property = properties?.[name];
        if (property?.type === 'object') {
          properties[name] = { description: property.description };
          count++;
        }
      }
      return count;
    },
  },
  {
    id: 'custom-object-attribute-values',
    description:
      'custom_object_instance custom_attributes (2.12+) declare string values only, while the API stores numbers ' +
      'and booleans and the description\'s own answers hold them ({ total_amount: 99.99 }): accept string, number ' +
      'or boolean values.',
    apply(document) {
      const property = document.components?.schemas?.custom_object_instance?.properties?.custom_attributes;
      if (property?.additionalProperties?.type !== 'string') return 0;
      property.additionalProperties = structuredClone(SCALAR_VALUE);
      return 1;
    },
  },
  {
    id: 'answers-2.11-required',
    description:
      '2.11 alone marks nearly every property of its answer schemas required (admin job_title, company website, ' +
      'article default_locale, …), which neither 2.10 nor 2.12 requires, the API does not always send, and 56 of the ' +
      '2.11 description\'s own answer examples lack: in 2.11, schemas reached only from answers require nothing.',
    apply(document) {
      if (String(document.info?.version) !== '2.11') return 0;
      const schemas = document.components?.schemas ?? {};
      const reached = (roots: unknown[]): Set<string> => {
        const seen = new Set<string>();
        const visit = (node: unknown): void => {
          if (Array.isArray(node)) return node.forEach(visit);
          if (!node || typeof node !== 'object') return;
          const ref = (node as Document).$ref;
          if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
            const name = ref.slice('#/components/schemas/'.length);
            if (!seen.has(name)) {
              seen.add(name);
              visit(schemas[name]);
            }
          }
          Object.values(node).forEach(visit);
        };
        roots.forEach(visit);
        return seen;
      };
      const requests: unknown[] = [];
      const answers: unknown[] = [];
      for (const [, item, operation] of operations(document)) {
        requests.push(item.parameters, operation.parameters, operation.requestBody);
        for (const [status, response] of Object.entries<Document>(operation.responses ?? {})) if (/^2/.test(status)) answers.push(response);
      }
      const fromRequests = reached(requests);
      let count = 0;
      const dropRequired = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(dropRequired);
        if (!node || typeof node !== 'object') return;
        const schema = node as Document;
        if (Array.isArray(schema.required)) {
          delete schema.required;
          count++;
        }
        for (const [key, value] of Object.entries(schema)) if (key !== '$ref') dropRequired(value);
      };
      for (const name of [...reached(answers)].sort()) if (!fromRequests.has(name)) dropRequired(schemas[name]);
      return count;
    },
  },
  {
    id: 'answers-2.11-list-types',
    description:
      '2.11 restricts the `type` of ticket_type_attribute_list and of ticket_type_list to ' +
      '"ticket_type_attributes.list" (2.10 and 2.12 declare no such enum), while its own examples, like the API, ' +
      'answer "list" there: drop the enum.',
    apply(document) {
      let count = 0;
      for (const name of ['ticket_type_attribute_list', 'ticket_type_list']) {
        const type = document.components?.schemas?.[name]?.properties?.type;
        if (Array.isArray(type?.enum) && type.enum.length === 1 && type.enum[0] === 'ticket_type_attributes.list') {
          delete type.enum;
          count++;
        }
      }
      return count;
    },
  },
  {
    id: 'job-identifier-in-path',
    description:
      'From 2.14, GET /export/reporting_data/{job_identifier} and GET /download/reporting_data/{job_identifier} ' +
      'declare job_identifier `in: query` although the URL template holds it: declare it a required path parameter.',
    apply(document) {
      let count = 0;
      for (const [path, item, operation] of operations(document)) {
        for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
          const parameter = resolveRef(document, raw);
          if (parameter.in === 'query' && path.includes(`{${parameter.name}}`)) {
            parameter.in = 'path';
            parameter.required = true;
            count++;
          }
        }
      }
      return count;
    },
  },
  {
    id: 'string-param-object-keywords',
    description:
      'From 2.13, the external_id query parameter of GET/DELETE /custom_object_instances/{custom_object_type_identifier} ' +
      '(getCustomObjectInstancesByExternalId, deleteCustomObjectInstancesById) is declared `type: string` with ' +
      '`properties: {external_id}` and `required: [external_id]` beside it. It is a string: the declared type, its ' +
      'description ("the unique identifier for the instance in the external system"), the wire form ' +
      '(?external_id=…) and the plain `type: string` of the same parameter on the 2.16 list operation agree. Object ' +
      'keywords never apply to a string, so drop them (strict Ajv rejects them: strictTypes).',
    apply(document) {
      let count = 0;
      for (const [, item, operation] of operations(document)) {
        for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
          const schema = resolveRef(document, raw)?.schema;
          if (schema?.type !== 'string' || !('properties' in schema || 'required' in schema)) continue;
          delete schema.properties;
          delete schema.required;
          count++;
        }
      }
      return count;
    },
  },
  {
    id: 'declare-paging-parameters',
    description:
      'Paging query parameters a route takes that this description does not declare, where another published ' +
      'version declares them on the same route or the official SDK sends them (PAGING_DECLARATIONS: ' +
      PAGING_DECLARATIONS.map((d) => `${d.method} ${d.route} ${d.parameters.join('/')}: ${d.evidence}`).join('; ') +
      '). Declared (optional, as that version declares them) only on operations whose answer is a list.',
    apply(document) {
      let count = 0;
      for (const [path, item, operation] of operations(document)) {
        const route = path.replace(/\{[^}]*\}/g, '{}');
        const declaration = PAGING_DECLARATIONS.find((d) => d.route === route && item[d.method.toLowerCase()] === operation);
        if (!declaration || !answersList(document, operation)) continue;
        const declared = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((raw: Document) => resolveRef(document, raw));
        for (const name of declaration.parameters) {
          if (declared.some((p) => p.in === 'query' && p.name === name)) continue;
          (operation.parameters ??= []).push({ ...structuredClone(PAGING_PARAMETER[name]), [DECLARED_BY_FIX]: declaration.evidence });
          count++;
        }
      }
      return count;
    },
  },

];

export function applyFixes(document: Document, fixes: readonly SpecFix[] = SPEC_FIXES): AppliedFix[] {
  const applied: AppliedFix[] = [];
  for (const fix of fixes) {
    const count = fix.apply(document);
    if (count > 0) applied.push({ id: fix.id, description: fix.description, count });
  }
  return applied;
}
