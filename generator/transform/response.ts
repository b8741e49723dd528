/**
 * The media type of an operation's success answer, when it is not JSON
 * (`ApiOperationEntry.responseContentType`): the runtime sends it as `Accept` and returns the
 * answer as bytes (or text for `text/*`) instead of parsing JSON. null = JSON.
 *
 * Where the spec says it, first match wins:
 * 1. the 2xx responses' `content`: null when any success response is JSON, else the first
 *    non-JSON media type (showCallTranscript → `text/plain`);
 * 2. with no success content declared, a required `Accept` header parameter's value (enum, else
 *    default, else example): from 2.14 the reporting-data download declares
 *    `Accept: application/octet-stream` that way;
 * 3. with neither, the description's "Accept: `<type>`" instruction: downloadDataExport declares
 *    no response content but says "You will have to specify the header Accept:
 *    `application/octet-stream`" (a gzipped CSV).
 */
import { derefObject } from '../../runtime/json-pointer.js';
import type { JsonSchema } from '../../runtime/registry-types.js';
import type { Document, SpecOperation } from '../../spec/model.js';
import type { SchemaConverter } from './schema.js';

/** `application/json`, `application/problem+json`, `application/json; charset=utf-8`. */
export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** A media type the runtime can put in a header: `type/subtype`, visible ASCII, no wildcard. */
const CONCRETE_MEDIA_TYPE = /^[\x21-\x7e]+\/[\x21-\x29\x2b-\x7e]+$/;

/** The description's instruction to send a header `Accept: \`<type>\``. */
const ACCEPT_IN_DESCRIPTION = /\bAccept:\s*`([^`\s]+)`/;

function concrete(value: unknown): string | null {
  return typeof value === 'string' && CONCRETE_MEDIA_TYPE.test(value.trim()) ? value.trim() : null;
}

function successContentTypes(operation: SpecOperation): string[] {
  const types: string[] = [];
  for (const { response } of operation.successResponses) {
    for (const type of Object.keys(response.content ?? {})) if (!types.includes(type)) types.push(type);
  }
  return types;
}

function acceptParameterValue(parameters: readonly Document[]): string | null {
  const accept = parameters.find((p) => p.in === 'header' && String(p.name).toLowerCase() === 'accept' && p.required === true);
  if (!accept) return null;
  const schema = accept.schema ?? {};
  const candidates = [...(Array.isArray(schema.enum) ? schema.enum : []), schema.default, schema.example, accept.example];
  for (const candidate of candidates) {
    const type = concrete(candidate);
    if (type) return type;
  }
  return null;
}

/** The operation's non-JSON success media type, or null for JSON. */
export function responseContentTypeOf(operation: SpecOperation): string | null {
  const declared = successContentTypes(operation);
  if (declared.length) {
    if (declared.some(isJsonMediaType)) return null;
    return concrete(declared[0]);
  }
  const fromHeader = acceptParameterValue(operation.parameters);
  if (fromHeader) return isJsonMediaType(fromHeader) ? null : fromHeader;
  const description = typeof operation.operation.description === 'string' ? operation.operation.description : '';
  const fromDescription = concrete(ACCEPT_IN_DESCRIPTION.exec(description)?.[1]);
  return fromDescription && !isJsonMediaType(fromDescription) ? fromDescription : null;
}

/**
 * One OpenAPI schema as a self-contained JSON Schema: a top-level `$ref` is inlined (a form
 * builder finds `properties` at the root) and the components it reaches travel in `$defs`.
 */
export function selfContainedSchema(document: Document, converter: SchemaConverter, schema: unknown, where: string): JsonSchema {
  const root = converter.convert(derefObject(document, schema) ?? (schema as Document), where);
  const defs = converter.defsFor(root, where);
  if (Object.keys(defs).length) root.$defs = defs;
  return root;
}

/**
 * `resultSchema` of an API operation: what `run()` resolves to, converted from the success
 * response(s) with the paramsSchema pipeline (generator/transform/schema.ts).
 * - JSON answers: the 2xx response's schema (several 2xx with different schemas: `anyOf`; a 2xx
 *   without content beside them adds a `null` branch, since such an answer resolves to null);
 * - no success content at all: null (run() resolves to null);
 * - a non-JSON answer (`responseContentType`): a string for `text/*`, otherwise the bytes, which
 *   JSON Schema cannot type: an annotation-only schema naming the media type.
 */
export function resultSchemaOf(document: Document, converter: SchemaConverter, operation: SpecOperation): JsonSchema | null {
  const nonJson = responseContentTypeOf(operation);
  if (nonJson) {
    return nonJson.toLowerCase().startsWith('text/')
      ? { type: 'string', description: `The answer as text (${nonJson}).`, contentMediaType: nonJson }
      : { description: `The answer's bytes (a Uint8Array; ${nonJson}): not JSON, so not validated.`, contentMediaType: nonJson };
  }
  const branches: JsonSchema[] = [];
  let empty = false;
  for (const { status, response } of operation.successResponses) {
    const type = preferredJsonType(response.content ?? {});
    const schema = type ? response.content[type]?.schema : undefined;
    if (!schema) {
      empty = true;
      continue;
    }
    const converted = selfContainedSchema(document, converter, schema, `${operation.where} response ${status}`);
    if (!branches.some((b) => JSON.stringify(b) === JSON.stringify(converted))) branches.push(converted);
  }
  if (!branches.length) return null;
  if (branches.length === 1 && !empty) return branches[0]!;
  // Several shapes: each branch's $defs move to the root (one document's components: same name, same schema).
  const $defs: Record<string, JsonSchema> = {};
  const anyOf = branches.map(({ $defs: defs, ...branch }) => {
    Object.assign($defs, defs as Record<string, JsonSchema> | undefined);
    return branch;
  });
  if (empty) anyOf.push({ type: 'null' });
  return { anyOf, ...(Object.keys($defs).length ? { $defs } : {}) };
}

function preferredJsonType(content: Record<string, unknown>): string | undefined {
  return Object.keys(content).find(isJsonMediaType);
}
