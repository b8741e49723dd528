/**
 * The manifest's paging report: which operations answer pages and which of them `iterate()` can
 * page through, the paging parameters a listed fix declared (per operation, with its evidence),
 * and the operations that page by their answer alone (no parameter declared, none with evidence).
 */
import type { ApiOperationEntry } from '../runtime/registry-types.js';
import { DECLARED_BY_FIX } from '../spec/fixes.js';
import type { SpecModel } from '../spec/model.js';
import { schemaProperties, successSchema } from './transform/pagination.js';

/** Answer properties that say "this is one page of more": Intercom's `pages`, a scroll, a cursor. */
const PAGE_MARKERS = ['pages', 'scroll_param', 'next_cursor'];

export interface PagingReport {
  /** Operations whose answer carries `pages`, `scroll_param` or `next_cursor`. */
  answeringPages: number;
  /** Of those, how many iterate() pages through. */
  answeringPagesIterable: number;
  /** Operations iterate() accepts (every one with a pagination descriptor). */
  iterable: number;
  /** Answering pages but not iterable (should stay empty). */
  notIterable: string[];
  /** Parameters declared by the listed fix declare-paging-parameters, per operation. */
  declaredByFix: Array<{ operation: string; parameters: string[]; evidence: string }>;
  /** Paged by the answer alone (style answer-pages): a `pages.next` URL is followed, nothing else can be asked. */
  answerOnly: string[];
}

export function pagingReport(model: SpecModel, entries: readonly ApiOperationEntry[]): PagingReport {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const answering = model.operations.filter((op) => {
    const properties = schemaProperties(model.document, successSchema(model.document, op.operation));
    return PAGE_MARKERS.some((marker) => marker in properties);
  });
  const declaredByFix: PagingReport['declaredByFix'] = [];
  for (const op of model.operations) {
    const declared = op.queryParameters.filter((p) => typeof p[DECLARED_BY_FIX] === 'string');
    if (declared.length) {
      declaredByFix.push({ operation: op.name, parameters: declared.map((p) => String(p.name)), evidence: String(declared[0]![DECLARED_BY_FIX]) });
    }
  }
  return {
    answeringPages: answering.length,
    answeringPagesIterable: answering.filter((op) => byName.get(op.name)?.pagination).length,
    iterable: entries.filter((e) => e.pagination).length,
    notIterable: answering.filter((op) => !byName.get(op.name)?.pagination).map((op) => op.name),
    declaredByFix,
    answerOnly: entries.filter((e) => e.pagination?.style === 'answer-pages').map((e) => e.name),
  };
}
