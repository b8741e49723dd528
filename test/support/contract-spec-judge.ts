/**
 * A second judge for request bodies Prism cannot check.
 *
 * Prism 5.14 compiles each request-body schema with Ajv and, when that compile throws, treats the
 * body as valid without a word (prism-http validators/utils.js: `O.tryCatch(() => compile(…))`).
 * On 2.10 that happens for 7 operations: the four article/collection writes (Prism's own
 * nullable conversion produces an enum with duplicate `null`s in `translated_content`) and the
 * three searches (the recursive filter schema is bundled as a `$ref` property). The suite finds
 * them with a probe (a body that violates any object schema) rather than a list, and judges the
 * bodies sent to those operations with this validator instead: Ajv 8 straight on the
 * description's own OpenAPI 3.0 schemas (Ajv understands `nullable`; `example` and other
 * OpenAPI-only keywords are ignored with `strict: false`), independent of the generator's
 * conversion into paramsSchemas.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, type AjvCore } from '../../runtime/ajv.js';
import { specOperation, derefDoc } from './contract-mutations.js';
import type { Violation } from './prism.js';

type Document = Record<string, any>;

export class SpecJudge {
  private readonly ajv: AjvCore;
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(document: Document) {
    // The runtime's Ajv class and formats, but lenient: OpenAPI keywords (`example`, …) are ignored.
    this.ajv = createAjv(undefined, { strict: false, validateSchema: false, logger: false });
    // Only the components: refs are `#/components/schemas/…`, resolved inside this schema.
    this.ajv.addSchema({ $id: 'intercom-spec', components: rebase(document.components) }, undefined, undefined, false);
    this.document = document;
  }

  private readonly document: Document;

  /** The request-body validator of one operation (null when it takes no JSON body). */
  private validator(method: string, path: string): ValidateFunction | null {
    const key = `${method} ${path}`;
    if (!this.cache.has(key)) {
      const { operation } = specOperation(this.document, method, path);
      const body = operation.requestBody ? derefDoc(this.document, operation.requestBody) : undefined;
      const schema = body?.content?.['application/json']?.schema;
      this.cache.set(key, schema ? this.ajv.compile(rebase(schema)) : null);
    }
    return this.cache.get(key)!;
  }

  /** Request-body findings in Prism's shape (location `request.body…`, code = Ajv keyword). */
  body(method: string, path: string, body: unknown): Violation[] {
    const validate = this.validator(method, path);
    if (!validate || body === undefined) return [];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => ({
      location: ['request', 'body', ...e.instancePath.split('/').filter(Boolean)],
      severity: 'Error',
      code: e.keyword,
      message: `(spec judge) Request body ${e.instancePath.replace(/^\//, '').replace(/\//g, '.')} ${e.message ?? ''}`.replace(/\s+/g, ' ').trim(),
    }));
  }
}

/**
 * A copy of a schema for Ajv: `#/components/…` → `intercom-spec#/components/…`, and `nullable`
 * where Ajv cannot take it (Ajv needs `type` beside it): beside `oneOf`/`anyOf` it becomes a null
 * branch; beside a bare `$ref` it is dropped (OpenAPI 3.0: siblings of `$ref` are ignored).
 */
function rebase(node: unknown): any {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    const out: Record<string, any> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `intercom-spec${value}` : rebase(value);
    }
    if ('nullable' in out && !('type' in out)) {
      const nullable = out.nullable === true;
      delete out.nullable;
      for (const keyword of ['oneOf', 'anyOf']) {
        if (nullable && Array.isArray(out[keyword])) out[keyword] = [...out[keyword], { type: 'null' }];
      }
      if (nullable && Array.isArray(out.allOf)) {
        const { allOf, ...rest } = out;
        return { ...rest, anyOf: [{ allOf }, { type: 'null' }] };
      }
    }
    return out;
  }
  return node;
}
