/**
 * The one description of the registry's shape (what the generator writes into each
 * `generated/<version>/registry.ts` and the runtime reads): a JSON Schema, checked with Ajv when a registry
 * is loaded or generated (registry-check.ts), from which the TypeScript types in
 * registry-types.ts are generated (`npm run registry-types`; a test fails when that file is stale).
 *
 * Why generated types rather than types inferred from this const: the runtime may depend on Ajv,
 * ajv-formats and openapi-fetch only, and an inferring type library would have to ship with the
 * published declarations; a build-time tool (json-schema-to-typescript, a dev dependency) writes
 * plain interfaces that need nothing. `tsType` names the TypeScript type of a node where JSON
 * Schema says less than TypeScript should (an arbitrary JSON Schema object); Ajv treats it as an
 * annotation.
 */

import { HTTP_METHODS } from './http-methods.js';

/** Operation names: what the registry, the CLI and tool names accept. */
export const OPERATION_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]*$';

const string = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const boolean = { type: 'boolean' } as const;
const strings = { type: 'array', items: string } as const;
/** The one method list (http-methods.ts), typed by its own `HttpMethod`. */
const httpMethod = { type: 'string', enum: HTTP_METHODS, tsType: 'HttpMethod' } as const;

/** The fields every entry has. */
const entryBase = {
  name: { type: 'string', pattern: OPERATION_NAME_PATTERN },
  summary: string,
  paramsSchema: {
    description: 'JSON Schema of the flat params object: path/query params by name, body under `$body`.',
    type: 'object',
    properties: { type: { const: 'object' } },
    required: ['type'],
    tsType: 'JsonSchema',
  },
  readOnly: { description: 'True when nothing is written (GETs and searches).', type: 'boolean' },
  resultSchema: {
    description:
      'Self-contained JSON Schema of what `run()` resolves to (the success answer; for a v1 operation its v1 answer); null when the answer has no body.',
    type: ['object', 'null'],
    tsType: 'JsonSchema | null',
  },
  rowSchema: {
    description: 'Self-contained JSON Schema of one row that `iterate()` streams; null where iterate() refuses the operation.',
    type: ['object', 'null'],
    tsType: 'JsonSchema | null',
  },
} as const;
const entryBaseRequired = ['name', 'summary', 'paramsSchema', 'readOnly', 'resultSchema', 'rowSchema'] as const;

export const REGISTRY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'RegistryData',
  description: 'The whole of a registry: the data of `generated/<version>/registry.ts`.',
  type: 'object',
  properties: {
    $comment: { description: 'The generated file\'s do-not-edit note.', type: 'string' },
    version: { description: 'Spec version the registry was generated from, as SUPPORTED_VERSIONS spells it ("2.10", "preview").', type: 'string', minLength: 1 },
    intercomVersion: {
      description: 'The `Intercom-Version` header value the description declares ("2.10", "Preview"); absent in registries made by hand (tests), where `version` is sent.',
      type: 'string',
      pattern: '^[\\x21-\\x7e]+$',
    },
    operations: { type: 'array', items: { $ref: '#/definitions/OperationEntry' } },
  },
  required: ['version', 'operations'],
  additionalProperties: false,
  definitions: {
    JsonSchema: {
      description: 'A JSON Schema object (the subset Ajv 8 compiles in strict mode).',
      type: 'object',
      tsType: '{ [keyword: string]: unknown }',
    },
    OperationEntry: {
      type: 'object',
      // `kind` picks the branch, so a bad entry is reported against its own kind only.
      discriminator: { propertyName: 'kind' },
      properties: { kind: { type: 'string' } },
      required: ['kind'],
      tsType: 'ApiOperationEntry | V1OperationEntry',
      oneOf: [{ $ref: '#/definitions/ApiOperationEntry' }, { $ref: '#/definitions/V1OperationEntry' }],
    },
    WireParameter: {
      description: 'How one path or query parameter goes on the wire (OpenAPI `style`/`explode`, defaults applied).',
      type: 'object',
      properties: {
        name: string,
        in: { type: 'string', enum: ['path', 'query'] },
        required: boolean,
        style: { description: 'OpenAPI style after defaults: path → "simple", query → "form" unless the spec says otherwise.', type: 'string' },
        explode: boolean,
      },
      required: ['name', 'in', 'required', 'style', 'explode'],
      additionalProperties: false,
    },
    Pagination: {
      description:
        'How an operation pages, as the generator derived it from the spec: where each page holds its rows, where the next page\'s pointer is found and where it goes, what the next request carries over, and when paging ends. The runtime\'s paginator reads only this: it knows no Intercom path.',
      type: 'object',
      properties: {
        style: {
          description: 'How the generator recognised the paging: a label for people (describe, README); never read by the runtime.',
          type: 'string',
          enum: ['cursor-query', 'cursor-body', 'page', 'page-body', 'scroll', 'next-url', 'next-cursor', 'answer-pages'],
        },
        rowsPath: { description: 'Dot path of the rows in each page (e.g. "data", "conversations").', type: 'string' },
        next: {
          description:
            'Where the next page\'s pointer is found (`from`, a dot path in a page) and where it goes (`to`: a param, or a dot path under `$body` such as "$body.pagination.starting_after"). cursor: sent as found (a non-empty string); page-number: the number found plus one; url: the path and query of a URL, requested with GET on the caller\'s base URL (no `to`).',
          oneOf: [
            {
              type: 'object',
              properties: { from: string, kind: { type: 'string', enum: ['cursor', 'page-number'] }, to: string },
              required: ['from', 'kind', 'to'],
              additionalProperties: false,
            },
            {
              type: 'object',
              properties: { from: string, kind: { const: 'url' }, to: { type: 'null' } },
              required: ['from', 'kind', 'to'],
              additionalProperties: false,
            },
          ],
        },
        carry: {
          description: 'Values the next request carries over: the page\'s value at `from` goes to `to` unless the params set it.',
          type: 'array',
          items: {
            type: 'object',
            properties: { from: string, to: string },
            required: ['from', 'to'],
            additionalProperties: false,
          },
        },
        stop: {
          type: 'object',
          properties: {
            hasMorePath: { description: 'Dot path of a boolean that is false on the last page; null when the answer has none.', ...nullableString },
            totalPagesPath: { description: 'Dot path of the number of pages (a page-number pointer ends there); null when there is none.', ...nullableString },
            pageNumberPath: {
              description:
                'Dot path of the current page number; null when there is none. With totalPagesPath: a page after which paging ends while its number is below the total announced pages that could not be asked for (said through onWarning, never silently).',
              ...nullableString,
            },
            emptyPageEnds: {
              description:
                'true: an empty page is the last one (paging ends quietly); false: an empty page that still offers another page makes no progress (paging ends, said through onWarning).',
              type: 'boolean',
            },
          },
          required: ['hasMorePath', 'totalPagesPath', 'pageNumberPath', 'emptyPageEnds'],
          additionalProperties: false,
        },
        repeatsPointer: {
          description: 'The same pointer legitimately comes back on every page (a scroll), so a repeat does not end paging.',
          type: 'boolean',
        },
      },
      required: ['style', 'rowsPath', 'next', 'carry', 'stop', 'repeatsPointer'],
      additionalProperties: false,
    },
    ApiOperationEntry: {
      type: 'object',
      properties: {
        kind: { const: 'api' },
        ...entryBase,
        operationId: { description: 'The spec\'s operationId, or null when the spec has none (the name is then derived).', ...nullableString },
        method: httpMethod,
        path: { description: 'Path template exactly as the spec writes it, e.g. "/admins/{id}".', type: 'string', pattern: '^/' },
        parameters: {
          description: 'Path parameters in the order they appear in `path`, then query parameters in spec order.',
          type: 'array',
          items: { $ref: '#/definitions/WireParameter' },
        },
        body: {
          description: 'Present when the operation takes a request body.',
          oneOf: [
            {
              type: 'object',
              properties: { required: boolean, contentType: string },
              required: ['required', 'contentType'],
              additionalProperties: false,
            },
            { type: 'null' },
          ],
        },
        pagination: { oneOf: [{ $ref: '#/definitions/Pagination' }, { type: 'null' }] },
        responseContentType: {
          description:
            'Media type of the success answer when it is not JSON (e.g. `application/octet-stream` for downloadDataExport, `text/plain` for a transcript): sent as `Accept`, and the answer is returned as bytes (`Uint8Array`) or, for `text/*`, as text. null (or absent, in registries generated before it existed) = JSON.',
          oneOf: [{ type: 'string', pattern: '^[\\x21-\\x7e]+$' }, { type: 'null' }],
        },
        deprecated: boolean,
        tags: strings,
      },
      required: ['kind', ...entryBaseRequired, 'operationId', 'method', 'path', 'parameters', 'body', 'pagination', 'deprecated', 'tags'],
      additionalProperties: false,
    },
    ResolvedCall: {
      description: 'A 2.x call a v1 operation makes, as resolved against the spec being generated.',
      type: 'object',
      properties: {
        target: { description: 'Canonical (2.10) operationId the catalog names.', type: 'string' },
        name: { description: 'The registry name of that operation in this spec version (e.g. listDataAttributes in 2.11).', type: 'string' },
        method: httpMethod,
        path: string,
      },
      required: ['target', 'name', 'method', 'path'],
      additionalProperties: false,
    },
    V1OperationEntry: {
      type: 'object',
      properties: {
        kind: { const: 'v1' },
        ...entryBase,
        calls: { description: 'Registry names of the 2.x operations it calls, in order of first use.', ...strings },
        resolvedCalls: {
          description: 'The same, with the canonical name and route each was resolved by.',
          type: 'array',
          items: { $ref: '#/definitions/ResolvedCall' },
        },
        legacy: { description: 'True where it needs an endpoint the spec lacks (v1 visitors by id).', type: 'boolean' },
        mapped: {
          description: 'v1 parameter or body field → what it becomes on the current API.',
          type: 'object',
          additionalProperties: string,
        },
        dropped: { description: 'v1 fields the current API cannot write: dropped and reported through onWarning.', ...strings },
        resultsPath: { description: 'Set on the list operations that accept `resultsPath`.', type: 'boolean' },
        unavailable: { description: 'Set when the catalog marks the operation unavailable in this spec version.', ...nullableString },
      },
      required: ['kind', ...entryBaseRequired, 'calls', 'resolvedCalls', 'legacy', 'mapped', 'dropped', 'resultsPath', 'unavailable'],
      additionalProperties: false,
    },
  },
} as const;
