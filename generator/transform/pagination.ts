/**
 * Detects how an operation pages from its parameters, request body and 200 response, in this
 * order (first match wins; a cursor is more precise than a page number):
 *   scroll       query `scroll_param`
 *   cursor-body  request body `pagination.starting_after`
 *   cursor-query query `starting_after`
 *   next-cursor  query `cursor` (or `<x>_cursor`) fed from a string response field `next_cursor`
 *                (or `next_<param>`), top level or under `pages`; a boolean `has_more` beside it,
 *                when there is one, marks the last page.
 *   page         query `page`
 *   page-body    request body `page` (an integer): the next page number goes there
 *   next-url     response `pages.next` declared as a string (a URL to GET)
 *   answer-pages the answer holds `pages` but the request (without a body: a next-page URL is
 *                requested with GET) declares no paging parameter (and no
 *                listed fix declares one: nothing is declared without evidence). The answer is the
 *                only guide: a `pages.next` URL is followed; a last page whose `pages.page` is below
 *                `pages.total_pages` is reported through onWarning, since nothing can ask for the rest.
 * An operation pages only if its 200 response also has an array property holding the rows
 * (`rowsPath`): `data` when present, else the first array-of-objects property in spec order, else
 * the same one level down in an object `data` (`data.articles` of an article search).
 * Each style becomes a descriptor (`describe`) spelling out every name and path the runtime needs.
 *
 * Rule "rows-from-example": where the response schema names one rows property but every example
 * of that response holds its rows under another (2.7–2.15 `listConversations` declares the generic
 * `paginated_response` with `data`; its examples, like the API, answer `conversations`), the
 * examples win: they show what the API sends, and the runtime must find the rows there.
 */
import type { Pagination, WireParameter } from '../../runtime/registry-types.js';
import { derefObject as derefSchema } from '../../runtime/json-pointer.js';

type Document = Record<string, any>;

/**
 * Properties of an object schema, following refs, `allOf` and the branches of `anyOf`/`oneOf`
 * (what any shape of the answer may hold; spec order, first wins).
 */
export function schemaProperties(document: Document, schema: unknown, depth = 0): Record<string, Document> {
  const resolved = derefSchema(document, schema);
  if (!resolved || depth > 10) return {};
  const out: Record<string, Document> = {};
  for (const part of [...(resolved.allOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) {
    for (const [name, value] of Object.entries(schemaProperties(document, part, depth + 1))) out[name] ??= value;
  }
  for (const [name, value] of Object.entries(resolved.properties ?? {})) out[name] ??= value as Document;
  return out;
}

function typeOf(document: Document, schema: unknown): string | undefined {
  const resolved = derefSchema(document, schema);
  return typeof resolved?.type === 'string' ? resolved.type : undefined;
}

/** The 200 (else first 2xx) response's JSON media type object. */
function successMedia(document: Document, operation: Document): Document | undefined {
  const responses = operation.responses ?? {};
  const status = ['200', ...Object.keys(responses).filter((s) => /^2\d\d$/.test(s)).sort()].find((s) => responses[s]);
  if (!status) return undefined;
  const response = derefSchema(document, responses[status]);
  const content = response?.content ?? {};
  return content['application/json'] ?? Object.values(content)[0];
}

/** The 200 (else first 2xx) JSON response schema. */
export function successSchema(document: Document, operation: Document): unknown {
  return successMedia(document, operation)?.schema;
}

/** Top-level array keys of each example of the success response (objects only). */
function exampleArrayKeys(document: Document, operation: Document): string[][] {
  const media = successMedia(document, operation);
  if (!media) return [];
  const values = [
    ...(media.example !== undefined ? [media.example] : []),
    ...Object.values<Document>(media.examples ?? {}).map((example) => example?.value),
  ];
  return values
    .filter((value) => value && typeof value === 'object' && !Array.isArray(value))
    .map((value) => Object.keys(value).filter((key) => Array.isArray(value[key])));
}

export function rowsPath(document: Document, responseSchema: unknown): string | null {
  const properties = schemaProperties(document, responseSchema);
  const arrays = Object.entries(properties).filter(([, s]) => typeOf(document, s) === 'array');
  if (arrays.some(([name]) => name === 'data')) return 'data';
  const ofObjects = arrays.find(([, s]) => {
    const items = derefSchema(document, derefSchema(document, s)?.items);
    return items && (items.type === 'object' || items.properties || items.allOf || items.oneOf || items.anyOf);
  });
  if (ofObjects) return ofObjects[0];
  // An article search holds its rows one level down (`data.articles`, beside `data.highlights`).
  const data = properties.data;
  if (data && typeOf(document, data) === 'object') {
    const inner = rowsPath(document, data);
    if (inner && !inner.includes('.')) return `data.${inner}`;
  }
  return null;
}

/**
 * The next-cursor style's names, or null: the first query param named `cursor` / `*_cursor` whose
 * next value the response carries as a string (`next_cursor`, or `next_<param>`), at the top level
 * or under `pages` (2.16+ ListContactMergeHistory: `cursor` ← `next_cursor`, `has_more`).
 */
interface NextCursorNames {
  cursorParam: string;
  nextCursorPath: string;
  hasMorePath: string | null;
}

function nextCursorNames(document: Document, query: readonly string[], response: unknown): NextCursorNames | null {
  const top = schemaProperties(document, response);
  const scopes: [string, Record<string, Document>][] = [['', top]];
  if (top.pages) scopes.push(['pages.', schemaProperties(document, top.pages)]);
  for (const param of query.filter((name) => /(^|_)cursor$/.test(name))) {
    for (const [prefix, properties] of scopes) {
      const field = [`next_${param}`, 'next_cursor'].find((name) => properties[name] && typeOf(document, properties[name]) === 'string');
      if (!field) continue;
      const hasMore = properties.has_more && typeOf(document, properties.has_more) === 'boolean' ? `${prefix}has_more` : null;
      return { cursorParam: param, nextCursorPath: prefix + field, hasMorePath: hasMore };
    }
  }
  return null;
}

/** Pagination, plus (rule rows-from-example) the schema's rows property the examples overrode. */
export type DetectedPagination = Pagination & { rowsFromExample?: string };

type Style = Pagination['style'];

/**
 * The descriptor of each style: where the pointer to the next page comes from in a page and
 * where it goes, what the next request carries over, and when paging ends. These are the Intercom
 * names the runtime must not know.
 */
function describe(style: Style, rowsPath: string, nextCursor: NextCursorNames | null): Pagination {
  const quiet = { hasMorePath: null, totalPagesPath: null, pageNumberPath: null, emptyPageEnds: true };
  const cursorStop = { hasMorePath: null, totalPagesPath: null, pageNumberPath: null, emptyPageEnds: false };
  // Where the answer also numbers its pages: a last page below the total is reported, not hidden.
  const numbered = { totalPagesPath: 'pages.total_pages', pageNumberPath: 'pages.page' };
  switch (style) {
    case 'scroll':
      // The scroll API answers the same scroll_param on every page and an empty page at the end.
      return { style, rowsPath, next: { from: 'scroll_param', kind: 'cursor', to: 'scroll_param' }, carry: [], stop: quiet, repeatsPointer: true };
    case 'cursor-body':
      // From 2.11 a search `pagination` object must carry per_page: keep the one the API used.
      return {
        style,
        rowsPath,
        next: { from: 'pages.next.starting_after', kind: 'cursor', to: '$body.pagination.starting_after' },
        carry: [{ from: 'pages.per_page', to: '$body.pagination.per_page' }],
        stop: cursorStop,
        repeatsPointer: false,
      };
    case 'cursor-query':
      return { style, rowsPath, next: { from: 'pages.next.starting_after', kind: 'cursor', to: 'starting_after' }, carry: [], stop: cursorStop, repeatsPointer: false };
    case 'next-cursor':
      return {
        style,
        rowsPath,
        next: { from: nextCursor!.nextCursorPath, kind: 'cursor', to: nextCursor!.cursorParam },
        carry: [],
        stop: { ...cursorStop, hasMorePath: nextCursor!.hasMorePath },
        repeatsPointer: false,
      };
    case 'page':
      return {
        style,
        rowsPath,
        next: { from: 'pages.page', kind: 'page-number', to: 'page' },
        carry: [],
        stop: { ...quiet, ...numbered },
        repeatsPointer: false,
      };
    case 'page-body':
      // The page number goes into the body (2.16+ searchActivityLogs), the page size is kept.
      return {
        style,
        rowsPath,
        next: { from: 'pages.page', kind: 'page-number', to: '$body.page' },
        carry: [{ from: 'pages.per_page', to: '$body.per_page' }],
        stop: { ...quiet, ...numbered },
        repeatsPointer: false,
      };
    case 'next-url':
      return { style, rowsPath, next: { from: 'pages.next', kind: 'url', to: null }, carry: [], stop: quiet, repeatsPointer: false };
    case 'answer-pages':
      return { style, rowsPath, next: { from: 'pages.next', kind: 'url', to: null }, carry: [], stop: { ...quiet, ...numbered }, repeatsPointer: false };
  }
}

/** Whether the answer carries a `pages` object (how Intercom answers a page of a list). */
function answersPages(document: Document, response: unknown): boolean {
  const pages = schemaProperties(document, response).pages;
  return !!pages && typeOf(document, pages) !== 'string' && typeOf(document, pages) !== 'array';
}

export function detectPagination(
  document: Document,
  operation: Document,
  parameters: WireParameter[],
  rawBody: unknown,
): DetectedPagination | null {
  const queryNames = parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const query = new Set(queryNames);
  const response = successSchema(document, operation);
  const nextCursor = nextCursorNames(document, queryNames, response);
  const style = ((): Style | null => {
    if (query.has('scroll_param')) return 'scroll';
    const bodyPagination = schemaProperties(document, rawBody).pagination;
    if (bodyPagination && 'starting_after' in schemaProperties(document, bodyPagination)) return 'cursor-body';
    if (query.has('starting_after')) return 'cursor-query';
    if (nextCursor) return 'next-cursor';
    if (query.has('page')) return 'page';
    const bodyPage = schemaProperties(document, rawBody).page;
    if (bodyPage && typeOf(document, bodyPage) === 'integer') return 'page-body';
    const next = schemaProperties(document, schemaProperties(document, response).pages).next;
    if (next && typeOf(document, next) === 'string') return 'next-url';
    // A next-page URL is requested with GET: only a request without a body can follow one.
    if (rawBody === undefined && answersPages(document, response)) return 'answer-pages';
    return null;
  })();
  if (!style) return null;
  let rows = rowsPath(document, response);
  if (!rows) return null;
  let rowsFromExample: string | undefined;
  const examples = exampleArrayKeys(document, operation);
  if (examples.length && examples.every((keys) => !keys.includes(rows!))) {
    const shared = examples[0]!.filter((key) => examples.every((keys) => keys.includes(key)));
    if (shared.length === 1) [rowsFromExample, rows] = [rows, shared[0]!];
  }
  const found: DetectedPagination = describe(style, rows, nextCursor);
  if (rowsFromExample) found.rowsFromExample = rowsFromExample;
  return found;
}
