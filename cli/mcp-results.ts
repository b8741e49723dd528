/**
 * What a tool call answers: the operation's result as JSON text of at most 1 MiB (when rows were
 * cut, a second text says so and how to ask for less), or a failure as a tool error (`isError`) carrying the error's
 * code, message and issues, so that an agent can correct its params. The token is masked in the
 * answer before it is cut, and in every text once more before it leaves, whatever produced it.
 */
import { IntercomOpsError, type OperationEntry } from '../entry/index.js';
import { redactText } from '../runtime/redact.js';
import { capText } from '../tools/text.js';

/** The most text one tool result carries, in UTF-8 bytes. */
export const MAX_RESULT_BYTES = 1024 * 1024;
/** Kept free for the texts beside the answer (a failed output check). */
const RESERVED_BYTES = 4096;
/** Longest text kept whole in a failure over the cap, in characters. */
const MAX_ERROR_STRING = 8000;
/** Warnings answered beside a result, at most. */
const MAX_WARNINGS = 50;

export interface TextContent {
  type: 'text';
  text: string;
}

export interface ToolResult {
  content: TextContent[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/** Checks a value against a tool's output schema: what the client will check it against. */
export type OutputCheck = (value: unknown) => { valid: boolean; errorMessage?: string };

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** How a caller of this operation asks for a smaller answer. */
export function askForLess(entry: OperationEntry | undefined): string {
  const properties = (entry?.paramsSchema.properties ?? {}) as Record<string, { $ref?: string }>;
  if ('per_page' in properties) return 'pass a smaller per_page (e.g. 20) and ask for the next page with the cursor the answer gives';
  // Where the operation's own paging descriptor sends the next page's pointer (a body path for searches).
  const next = entry?.kind === 'api' ? entry.pagination?.next : undefined;
  if (next && next.to?.startsWith('$body.')) {
    const size = `${next.to.slice(0, next.to.lastIndexOf('.'))}.per_page`;
    return `pass a smaller ${size} (e.g. 20) and ask for the next page with ${next.to}`;
  }
  if ('resultsPath' in properties) return 'leave out resultsPath to get one page, or narrow the query';
  return 'narrow the request (fewer ids, a filter or a query) so that the answer has fewer rows';
}

type Path = Array<string | number>;

/** The path of the array whose JSON is largest, looking through objects a few levels deep. */
function largestArray(value: unknown, depth = 0, path: Path = []): { path: Path; size: number } | null {
  if (depth > 4 || !value || typeof value !== 'object') return null;
  if (Array.isArray(value)) return { path, size: JSON.stringify(value).length };
  let best: { path: Path; size: number } | null = null;
  for (const [key, child] of Object.entries(value)) {
    const found = largestArray(child, depth + 1, [...path, key]);
    if (found && (!best || found.size > best.size)) best = found;
  }
  return best;
}

function withArrayCut(value: unknown, path: Path, keep: number): unknown {
  if (path.length === 0) return (value as unknown[]).slice(0, keep);
  const [head, ...rest] = path;
  return { ...(value as Record<string, unknown>), [head]: withArrayCut((value as Record<string, unknown>)[head as string], rest, keep) };
}

function arrayAt(value: unknown, path: Path): unknown[] {
  return path.reduce<any>((node, key) => node[key], value) as unknown[];
}

/** The longest prefix of `text` within `limit` UTF-8 bytes, never splitting a character. */
function prefixWithin(text: string, limit: number): string {
  let low = 0;
  let high = Math.min(text.length, limit);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bytes(text.slice(0, mid)) <= limit) low = mid;
    else high = mid - 1;
  }
  let end = low;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

export interface Fitted {
  /** JSON text (or the start of it, when `complete` is false). */
  text: string;
  /** The value the text holds: the answer, or the answer with rows cut; undefined when only a text prefix fits. */
  value: unknown;
  /** Set when something was cut: says what, and how to ask for less. */
  note?: string;
}

/** The answer as JSON text of at most `limit` bytes, note included (see the module comment). */
export function fitJson(answer: unknown, limit: number, hint: string): Fitted {
  const full = JSON.stringify(answer) ?? 'null';
  const size = bytes(full);
  if (size <= limit) return { text: full, value: answer };
  const over = `Cut: the answer is ${size} bytes, more than the ${limit} bytes a tool result may hold.`;
  const largest = largestArray(answer);
  if (largest) {
    const rows = arrayAt(answer, largest.path);
    const where = largest.path.length ? `"${largest.path.join('.')}"` : 'the answer';
    const noteFor = (keep: number) =>
      `${over} ${where} shows its first ${keep} of ${rows.length} items; the rest were left out. To ask for less: ${hint}.`;
    const fits = (keep: number) => bytes(JSON.stringify(withArrayCut(answer, largest.path, keep))) + bytes(noteFor(keep)) <= limit;
    if (fits(0)) {
      let low = 0;
      let high = rows.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (fits(mid)) low = mid;
        else high = mid - 1;
      }
      const value = withArrayCut(answer, largest.path, low);
      return { text: JSON.stringify(value), value, note: noteFor(low) };
    }
  }
  const note = `${over} The text is its first part and is not complete JSON. To ask for less: ${hint}.`;
  return { text: prefixWithin(full, limit - bytes(note)), value: undefined, note };
}

/**
 * A copy of a JSON value with the token masked in every string and key. Applied before an answer
 * is cut: a cut through the token would otherwise leave its first part, which no mask matches.
 */
function redactJson(value: unknown, token: string | undefined): unknown {
  if (typeof value === 'string') return redactText(value, token);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key, token), redactJson(item, token)]));
  }
  return value;
}

/** The texts once more, whatever produced them (notes, notices). */
function scrub(result: ToolResult, token: string | undefined): ToolResult {
  for (const item of result.content) item.text = redactText(item.text, token);
  return result;
}

export interface SuccessContext {
  entry?: OperationEntry;
  token: string | undefined;
  /** Present when the tool declares an output schema: the answer is then also structured content. */
  checkOutput?: OutputCheck;
  warnings?: unknown[];
  /** How to ask for less, when not the operation's own (the compact mode's find). */
  hint?: string;
}

function errorBody(error: unknown): Record<string, unknown> {
  if (error instanceof IntercomOpsError) return error.toJSON();
  // Not an IntercomOpsError: a defect here or in the SDK, never bad input or Intercom's answer.
  return { name: 'IntercomOpsError', code: 'INTERNAL', message: `unexpected failure: ${error instanceof Error ? error.message : String(error)}`, retryable: false };
}

function shortenStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return capText(value, max);
  if (Array.isArray(value)) return value.map((item) => shortenStrings(item, max));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shortenStrings(item, max)]));
  return value;
}

/**
 * A failure as a tool result: the error's JSON form (code, message, issues, …). One over the cap
 * (a message or an error list Intercom or a proxy made huge) stays JSON an agent can read: its
 * strings are shortened first, then its longest list cut.
 */
export function errorResult(error: unknown, token: string | undefined): ToolResult {
  const limit = MAX_RESULT_BYTES - 1024;
  let body = redactJson(errorBody(error), token);
  const size = bytes(JSON.stringify(body));
  let shortened = '';
  if (size > limit) {
    body = shortenStrings(body, MAX_ERROR_STRING);
    shortened = `Cut: the error is ${size} bytes, more than the ${limit} bytes a tool result may hold; its texts longer than ${MAX_ERROR_STRING} characters were shortened (they end in "…").`;
  }
  const fitted = fitJson(body, limit - bytes(shortened) - 1, 'correct what the first items name and call again');
  const content: TextContent[] = [{ type: 'text', text: fitted.text }];
  const note = [shortened, fitted.note].filter(Boolean).join(' ');
  if (note) content.push({ type: 'text', text: note });
  return scrub({ isError: true, content }, token);
}

/** A success as a tool result (see the module comment). */
export function successResult(answer: unknown, context: SuccessContext): ToolResult {
  if (answer instanceof Uint8Array) {
    answer = {
      binary: true,
      bytes: answer.byteLength,
      note: `The answer is a file, not shown here; download it with \`intercom-ops run ${context.entry?.name ?? '<operation>'} --output <file>\`.`,
    };
  }
  answer = redactJson(answer, context.token);
  const warnings = context.warnings ?? [];
  const warningsText = warnings.length
    ? JSON.stringify({ warnings: warnings.slice(0, MAX_WARNINGS), ...(warnings.length > MAX_WARNINGS ? { moreWarnings: warnings.length - MAX_WARNINGS } : {}) })
    : '';
  const budget = MAX_RESULT_BYTES - RESERVED_BYTES - bytes(warningsText);
  const fitted = fitJson(answer, budget, context.hint ?? askForLess(context.entry));
  const content: TextContent[] = [{ type: 'text', text: fitted.text }];
  if (fitted.note) content.push({ type: 'text', text: fitted.note });
  if (warningsText) content.push({ type: 'text', text: warningsText });
  const result: ToolResult = { content };
  if (context.checkOutput) {
    const check = fitted.value === undefined ? { valid: false, errorMessage: 'only part of its text fits in a tool result' } : context.checkOutput(fitted.value);
    if (!check.valid) {
      // The tool promised its answer in the shape of its output schema; the answer is kept, as text,
      // in a tool error that says the call was carried out (a write must not be sent again).
      const message =
        `${context.entry?.name ?? 'the operation'}: the call was carried out, but Intercom's answer does not match the tool's output schema ` +
        `(${(check.errorMessage ?? 'invalid').slice(0, 1000)}); it is given as text below. Do not repeat the call to get it again.`;
      content.unshift({ type: 'text', text: JSON.stringify({ code: 'INVALID_RESPONSE', message, operation: context.entry?.name, retryable: false }) });
      return scrub({ isError: true, content }, context.token);
    }
    result.structuredContent = fitted.value as Record<string, unknown>;
  }
  return scrub(result, context.token);
}
