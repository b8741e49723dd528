/**
 * GENERATED FILE — do not edit. The registry's TypeScript types, written by
 * generator/registry-types.ts from the JSON Schema in runtime/registry-schema.ts
 * (`npm run build && npm run registry-types` after changing it).
 */
import type {HttpMethod} from './http-methods.js';

export type {HttpMethod};

/**
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "OperationEntry".
 */
export type OperationEntry = ApiOperationEntry | V1OperationEntry;
/**
 * A JSON Schema object (the subset Ajv 8 compiles in strict mode).
 *
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "JsonSchema".
 */
export type JsonSchema = {[keyword: string]: unknown};

/**
 * The whole of a registry: the data of `generated/<version>/registry.ts`.
 */
export interface RegistryData {
  /**
   * The generated file's do-not-edit note.
   */
  $comment?: string;
  /**
   * Spec version the registry was generated from, as SUPPORTED_VERSIONS spells it ("2.10", "preview").
   */
  version: string;
  /**
   * The `Intercom-Version` header value the description declares ("2.10", "Preview"); absent in registries made by hand (tests), where `version` is sent.
   */
  intercomVersion?: string;
  operations: OperationEntry[];
}
/**
 * How one path or query parameter goes on the wire (OpenAPI `style`/`explode`, defaults applied).
 *
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "WireParameter".
 */
export interface WireParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  /**
   * OpenAPI style after defaults: path → "simple", query → "form" unless the spec says otherwise.
   */
  style: string;
  explode: boolean;
}
/**
 * How an operation pages, as the generator derived it from the spec: where each page holds its rows, where the next page's pointer is found and where it goes, what the next request carries over, and when paging ends. The runtime's paginator reads only this: it knows no Intercom path.
 *
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "Pagination".
 */
export interface Pagination {
  /**
   * How the generator recognised the paging: a label for people (describe, README); never read by the runtime.
   */
  style: 'cursor-query' | 'cursor-body' | 'page' | 'page-body' | 'scroll' | 'next-url' | 'next-cursor' | 'answer-pages';
  /**
   * Dot path of the rows in each page (e.g. "data", "conversations").
   */
  rowsPath: string;
  /**
   * Where the next page's pointer is found (`from`, a dot path in a page) and where it goes (`to`: a param, or a dot path under `$body` such as "$body.pagination.starting_after"). cursor: sent as found (a non-empty string); page-number: the number found plus one; url: the path and query of a URL, requested with GET on the caller's base URL (no `to`).
   */
  next:
    | {
        from: string;
        kind: 'cursor' | 'page-number';
        to: string;
      }
    | {
        from: string;
        kind: 'url';
        to: null;
      };
  /**
   * Values the next request carries over: the page's value at `from` goes to `to` unless the params set it.
   */
  carry: {
    from: string;
    to: string;
  }[];
  stop: {
    /**
     * Dot path of a boolean that is false on the last page; null when the answer has none.
     */
    hasMorePath: string | null;
    /**
     * Dot path of the number of pages (a page-number pointer ends there); null when there is none.
     */
    totalPagesPath: string | null;
    /**
     * Dot path of the current page number; null when there is none. With totalPagesPath: a page after which paging ends while its number is below the total announced pages that could not be asked for (said through onWarning, never silently).
     */
    pageNumberPath: string | null;
    /**
     * true: an empty page is the last one (paging ends quietly); false: an empty page that still offers another page makes no progress (paging ends, said through onWarning).
     */
    emptyPageEnds: boolean;
  };
  /**
   * The same pointer legitimately comes back on every page (a scroll), so a repeat does not end paging.
   */
  repeatsPointer: boolean;
}
/**
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "ApiOperationEntry".
 */
export interface ApiOperationEntry {
  kind: 'api';
  name: string;
  summary: string;
  /**
   * JSON Schema of the flat params object: path/query params by name, body under `$body`.
   */
  paramsSchema: JsonSchema;
  /**
   * True when nothing is written (GETs and searches).
   */
  readOnly: boolean;
  /**
   * Self-contained JSON Schema of what `run()` resolves to (the success answer; for a v1 operation its v1 answer); null when the answer has no body.
   */
  resultSchema: JsonSchema | null;
  /**
   * Self-contained JSON Schema of one row that `iterate()` streams; null where iterate() refuses the operation.
   */
  rowSchema: JsonSchema | null;
  /**
   * The spec's operationId, or null when the spec has none (the name is then derived).
   */
  operationId: string | null;
  method: HttpMethod;
  /**
   * Path template exactly as the spec writes it, e.g. "/admins/{id}".
   */
  path: string;
  /**
   * Path parameters in the order they appear in `path`, then query parameters in spec order.
   */
  parameters: WireParameter[];
  /**
   * Present when the operation takes a request body.
   */
  body: {
    required: boolean;
    contentType: string;
  } | null;
  pagination: Pagination | null;
  /**
   * Media type of the success answer when it is not JSON (e.g. `application/octet-stream` for downloadDataExport, `text/plain` for a transcript): sent as `Accept`, and the answer is returned as bytes (`Uint8Array`) or, for `text/*`, as text. null (or absent, in registries generated before it existed) = JSON.
   */
  responseContentType?: string | null;
  deprecated: boolean;
  tags: string[];
}
/**
 * A 2.x call a v1 operation makes, as resolved against the spec being generated.
 *
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "ResolvedCall".
 */
export interface ResolvedCall {
  /**
   * Canonical (2.10) operationId the catalog names.
   */
  target: string;
  /**
   * The registry name of that operation in this spec version (e.g. listDataAttributes in 2.11).
   */
  name: string;
  method: HttpMethod;
  path: string;
}
/**
 * This interface was referenced by `RegistryData`'s JSON-Schema
 * via the `definition` "V1OperationEntry".
 */
export interface V1OperationEntry {
  kind: 'v1';
  name: string;
  summary: string;
  /**
   * JSON Schema of the flat params object: path/query params by name, body under `$body`.
   */
  paramsSchema: JsonSchema;
  /**
   * True when nothing is written (GETs and searches).
   */
  readOnly: boolean;
  /**
   * Self-contained JSON Schema of what `run()` resolves to (the success answer; for a v1 operation its v1 answer); null when the answer has no body.
   */
  resultSchema: JsonSchema | null;
  /**
   * Self-contained JSON Schema of one row that `iterate()` streams; null where iterate() refuses the operation.
   */
  rowSchema: JsonSchema | null;
  /**
   * Registry names of the 2.x operations it calls, in order of first use.
   */
  calls: string[];
  /**
   * The same, with the canonical name and route each was resolved by.
   */
  resolvedCalls: ResolvedCall[];
  /**
   * True where it needs an endpoint the spec lacks (v1 visitors by id).
   */
  legacy: boolean;
  /**
   * v1 parameter or body field → what it becomes on the current API.
   */
  mapped: {
    [k: string]: string;
  };
  /**
   * v1 fields the current API cannot write: dropped and reported through onWarning.
   */
  dropped: string[];
  /**
   * Set on the list operations that accept `resultsPath`.
   */
  resultsPath: boolean;
  /**
   * Set when the catalog marks the operation unavailable in this spec version.
   */
  unavailable: string | null;
}
