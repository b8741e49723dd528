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
];

export function applyFixes(document: Document, fixes: readonly SpecFix[] = SPEC_FIXES): AppliedFix[] {
  const applied: AppliedFix[] = [];
  for (const fix of fixes) {
    const count = fix.apply(document);
    if (count > 0) applied.push({ id: fix.id, description: fix.description, count });
  }
  return applied;
}
