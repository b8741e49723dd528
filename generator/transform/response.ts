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
import type { Document, SpecOperation } from '../../spec/model.js';

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
