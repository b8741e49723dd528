/**
 * The v1 `resultsPath` platform parameter of the list operations (never sent to Intercom): a dot
 * path into each page of the answer. Given it, `run()` answers the values found at that path on
 * every page, concatenated, up to `maxItems`; the v1 list keys that 2.x renamed (`users`,
 * `contacts`, … → the page's rows property) are read as that property. Without it the binding's
 * answer is left as it is (run(): the first page; iterate(): every row).
 */
import type { BindingFunction, BindingScope, Pages } from '../runtime/binding-api.js';
import { ownValueAt } from '../runtime/dot-path.js';
import { invalidParam } from './shared/rules.js';

export const RESULTS_PATH = 'resultsPath';

/** v1 list keys that 2.x renamed to the page's rows property (`users` → `data`). */
export const V1_LIST_KEYS: ReadonlySet<string> = new Set(['users', 'contacts', 'leads', 'companies', 'tags', 'notes', 'data_attributes']);

/** Only JSON answers are plain data; pages (from `ctx.list`) are async-iterable. */
function isPages(value: unknown): value is Pages {
  return !!value && typeof (value as Partial<Pages>)[Symbol.asyncIterator] === 'function';
}

/** `resultsPath` as given, checked once: a dot path of at least one key. */
function checkedPath(ctx: BindingScope, value: unknown): string {
  if (typeof value !== 'string' || value.split('.').every((key) => key.trim() === '')) {
    throw invalidParam(ctx, `/${RESULTS_PATH}`, 'must be a non-empty dot path such as "data"');
  }
  return value;
}

/** A v1 list key the page does not have is read as the page's rows property. */
function aliased(page: unknown, resultsPath: string, rowsPath: string | null): string {
  const [first, ...rest] = resultsPath.split('.');
  if (!rowsPath || !V1_LIST_KEYS.has(first!) || !page || typeof page !== 'object' || Object.hasOwn(page, first!)) return resultsPath;
  return [rowsPath, ...rest].join('.');
}

/** The rows at `resultsPath` over every page, up to maxItems; asks for no page past the cap. */
async function gather(ctx: BindingScope, pages: Pages, resultsPath: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  const max = ctx.maxItems;
  for await (const page of pages) {
    const found = ownValueAt(page, aliased(page, resultsPath, pages.rowsPath(page)));
    if (Array.isArray(found)) rows.push(...found);
    else if (found !== undefined) rows.push(found);
    if (rows.length >= max) {
      rows.length = max;
      break;
    }
  }
  return rows;
}

/** The rows key of a plain (non-paged) list answer: `data`, else its only array property. */
function rowsKeyOf(answer: unknown): string | null {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return null;
  const record = answer as Record<string, unknown>;
  if (Array.isArray(record.data)) return 'data';
  const arrays = Object.keys(record).filter((key) => Array.isArray(record[key]));
  return arrays.length === 1 ? arrays[0]! : null;
}

/** A list binding that takes `resultsPath`: the binding itself never sees the parameter. */
export function withResultsPath(binding: BindingFunction): BindingFunction {
  return async (params, ctx) => {
    const { [RESULTS_PATH]: given, ...rest } = params;
    if (given === undefined) return binding(rest, ctx);
    const resultsPath = checkedPath(ctx, given);
    const answer = await binding(rest, ctx);
    // iterate() streams rows page by page; resultsPath shapes run()'s one answer.
    if (ctx.mode === 'iterate') return answer;
    if (isPages(answer)) return gather(ctx, answer, resultsPath);
    const found = ownValueAt(answer, aliased(answer, resultsPath, rowsKeyOf(answer)));
    return found === undefined ? [] : found;
  };
}
