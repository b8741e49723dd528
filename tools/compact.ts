/**
 * The compact mode: a catalog of hundreds of tools does not fit an agent's context, so two tools
 * stand in for all of them: one finds operations by words (name, summary, tags) and answers their
 * names, summaries and params schemas; the other runs one of them by name with params. Both see
 * only the operations the filters selected.
 */
import type { OperationEntry } from '../entry/index.js';
import type { ToolSpec } from './catalog.js';
import { wordsOf } from './hints.js';
import { operationTags, type Operations } from './select.js';

export const FIND_TOOL = 'find_operations';
export const RUN_TOOL = 'run_operation';
export const DEFAULT_FIND_LIMIT = 5;
export const MAX_FIND_LIMIT = 25;

/** Words that say nothing about which operation is meant. */
const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'for', 'by', 'in', 'on', 'and', 'or', 'with', 'from', 'all', 'my', 'me', 'i']);

/** Plural and singular meet: "contacts" and "companies" match "contact" and "company". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function queryWords(query: string): string[] {
  return [...new Set(wordsOf(query).filter((word) => !STOP_WORDS.has(word)).map(stem))];
}

export interface FoundOperation {
  operation: string;
  kind: 'v1' | 'api';
  summary: string;
  readOnly: boolean;
  destructive: boolean;
  tags: string[];
  paramsSchema: unknown;
}

export interface FindResult {
  query: string;
  /** How many selected operations match (more than those answered when over the limit). */
  total: number;
  operations: FoundOperation[];
}

function score(words: string[], entry: OperationEntry, tags: string[]): number {
  const nameWords = wordsOf(entry.name).map(stem);
  const otherWords = [...wordsOf(entry.summary), ...tags.flatMap(wordsOf)].map(stem);
  const matches = (candidates: string[], word: string) =>
    candidates.some((candidate) => candidate === word || (word.length >= 3 && candidate.startsWith(word)));
  let total = 0;
  for (const word of words) {
    // A word found in the name counts more than one found only in the summary or tags.
    if (matches(nameWords, word)) total += 2;
    else if (matches(otherWords, word)) total += 1;
  }
  return total;
}

/**
 * Operations ranked by how many of the query's words they match (in the name first), then by
 * name; an operation that matches no word is left out. A query of no meaningful word lists all.
 */
export function findOperations(tools: readonly ToolSpec[], operations: Operations, query: string, limit = DEFAULT_FIND_LIMIT): FindResult {
  const words = queryWords(query);
  const ranked: Array<{ entry: OperationEntry; tags: string[]; tool: ToolSpec; score: number }> = [];
  for (const tool of tools) {
    const entry = tool.operation ? operations[tool.operation] : undefined;
    if (!entry) continue;
    const tags = operationTags(entry, operations);
    const points = words.length ? score(words, entry, tags) : 1;
    if (points > 0) ranked.push({ entry, tags, tool, score: points });
  }
  ranked.sort((a, b) => b.score - a.score || (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
  return {
    query,
    total: ranked.length,
    operations: ranked.slice(0, limit).map(({ entry, tags, tool }) => ({
      operation: entry.name,
      kind: entry.kind,
      summary: entry.summary,
      readOnly: entry.readOnly,
      destructive: tool.annotations.destructiveHint,
      tags,
      paramsSchema: tool.inputSchema,
    })),
  };
}

/** The two tools of the compact mode; their hints sum up the operations they stand for. */
export function compactTools(tools: readonly ToolSpec[], options: { dryRun?: boolean } = {}): ToolSpec[] {
  const count = tools.length;
  const find: ToolSpec = {
    name: FIND_TOOL,
    operation: null,
    description:
      `Finds Intercom operations by words (matched against operation names, summaries and tags), among the ${count} this server offers. ` +
      `Answers each match's name, kind, summary, whether it writes or destroys data, tags and params JSON Schema; pass a name and params to ${RUN_TOOL}. ` +
      'An empty query lists them all.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Words to look for, e.g. "archive contact", "list tags", "reply conversation".' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_FIND_LIMIT,
          default: DEFAULT_FIND_LIMIT,
          description: `How many operations to answer (best matches first), 1 to ${MAX_FIND_LIMIT}.`,
        },
      },
      required: ['query'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
  const run: ToolSpec = {
    name: RUN_TOOL,
    operation: null,
    description:
      `Runs one Intercom operation by name (as ${FIND_TOOL} answers it) with its params: path and query parameters by name, the JSON body under "$body". ` +
      'Params are checked against the operation\'s schema before anything is sent; a failure answers its code, message and the offending params.' +
      (options.dryRun ? ' Dry run: answers the HTTP requests it would send; nothing is sent.' : ''),
    inputSchema: {
      type: 'object',
      properties: {
        operation: { type: 'string', description: `Operation name, e.g. one answered by ${FIND_TOOL}.` },
        params: { type: 'object', description: 'The operation\'s params, as its params schema describes them.', additionalProperties: true },
      },
      required: ['operation'],
      additionalProperties: false,
    },
    annotations: {
      readOnlyHint: tools.every((tool) => tool.annotations.readOnlyHint),
      destructiveHint: tools.some((tool) => tool.annotations.destructiveHint),
      idempotentHint: tools.every((tool) => tool.annotations.idempotentHint),
      openWorldHint: !options.dryRun,
    },
  };
  return [find, run];
}
