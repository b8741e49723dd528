/**
 * The v1 answer of a v1 operation as JSON Schemas (`resultSchema`, `rowSchema`), per spec
 * version: the operation module's `answer` / `rows` templates with their `$answerOf` / `$rowOf`
 * placeholders replaced by the schemas of the targets in this version (schema-parts.ts).
 *
 * - A data binding passes its target's answer through: that is its default answer.
 * - A `resultsPath` operation answers the first page without resultsPath and, with it, the rows at
 *   that path gathered over every page: `anyOf` [the page, an array of rows].
 * - Rows (what iterate() streams) default, for a `resultsPath` data binding, to its target's rows.
 */
import type { V1OperationInput } from '../../operations/types.js';
import type { JsonSchema } from '../../runtime/registry-types.js';
import { composeSchema, rowSchemaOf, type PartLookup } from './schema-parts.js';

/** What the answer of one target is made of in this version (an API entry's schemas). */
export interface TargetSchemas {
  resultSchema?: JsonSchema | null;
  rowSchema?: JsonSchema | null;
}

/**
 * The target's schemas by canonical operationId; undefined when it does not resolve in this
 * version. Throws for a name that is not a catalog target.
 */
export type TargetSchemaLookup = (target: string) => TargetSchemas | undefined;

const RESULTS_PATH_ROWS =
  'With resultsPath: the rows found at that path on every page, concatenated (up to options.maxItems). ' +
  'Items are shown as the rows of the list; a resultsPath elsewhere in the page gathers what is found there.';

function isDataBinding(operation: V1OperationInput): operation is V1OperationInput & { binding: { target: string } } {
  return typeof operation.binding !== 'function';
}

export function v1AnswerSchemas(operation: V1OperationInput, lookup: TargetSchemaLookup): { resultSchema: JsonSchema | null; rowSchema: JsonSchema | null } {
  const where = `v1 operation "${operation.name}"`;
  const dataTarget = isDataBinding(operation) ? operation.binding.target : undefined;
  const answer = operation.answer ?? (dataTarget ? { $answerOf: dataTarget } : undefined);
  if (!answer) throw new Error(`${where}: its binding reshapes the answer but the module declares no \`answer\` schema`);
  const rows = operation.rows ?? (operation.resultsPath && dataTarget ? { $rowOf: dataTarget } : undefined);
  if (operation.resultsPath && !rows) throw new Error(`${where}: accepts resultsPath but the module declares no \`rows\` schema`);

  const parts: PartLookup = (kind, target) => {
    const schemas = lookup(target);
    // A target this version lacks, or a test's bare routing entry: nothing is known of its shape.
    if (!schemas || schemas.resultSchema === undefined) return { $comment: `${target}: no schema in this version` };
    if (kind === '$answerOf') return schemas.resultSchema;
    const row = schemas.rowSchema ?? rowSchemaOf(schemas.resultSchema, null, `${where}: ${target}`);
    if (!row) throw new Error(`${where}: refers to a row of ${target}, whose answer holds no rows`);
    return row;
  };
  const template: JsonSchema = operation.resultsPath
    ? { anyOf: [answer, { type: 'array', description: RESULTS_PATH_ROWS, items: rows }] }
    : answer;
  return {
    resultSchema: composeSchema(template, parts, where),
    rowSchema: rows ? composeSchema(rows, parts, where) : null,
  };
}
