/**
 * `validateResponses`: each success answer of an API operation checked against its
 * `resultSchema`. Every mismatch is named by a JSON pointer into the answer ("/data/0/id"):
 * under "warn" one onWarning each (kind "response"), under "error" an INVALID_RESPONSE carrying
 * them as `issues`. Answers that are not JSON (bytes, text) and answers without a schema are not
 * checked.
 */
import type { ErrorObject } from 'ajv';
import { InvalidResponseError, type ParamIssue } from './errors.js';
import { encodePointerToken } from './json-pointer.js';
import type { ApiOperationEntry, JsonSchema } from './registry-types.js';
import type { ValidatorCache } from './params.js';
import type { ResponseValidation } from './options.js';

/** Mismatches reported per answer; the rest are counted (an answer can hold thousands of rows). */
export const MAX_ANSWER_ISSUES = 100;

/** One mismatch: a `required` or extra property is named by its own pointer, anything else by the value's. */
export function answerIssue(error: ErrorObject): ParamIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return { path: `${error.instancePath}/${encodePointerToken(String(params.missingProperty))}`, message: 'is required' };
  if (error.keyword === 'additionalProperties') {
    return { path: `${error.instancePath}/${encodePointerToken(String(params.additionalProperty))}`, message: 'is not declared' };
  }
  if (error.keyword === 'enum') return { path: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

/** The mismatches between an answer and a schema (none when it validates), each pointer once per message. */
export function answerIssues(schema: JsonSchema, answer: unknown, validators: ValidatorCache, operation: string): { issues: ParamIssue[]; omitted: number } {
  if (validators.get(schema, operation)(answer)) return { issues: [], omitted: 0 };
  const validate = validators.explain(schema, operation);
  validate(answer);
  const seen = new Set<string>();
  const issues: ParamIssue[] = [];
  let omitted = 0;
  for (const error of validate.errors ?? []) {
    // anyOf/oneOf say only "matches no branch"; the branches' own errors say where.
    if ((error.keyword === 'anyOf' || error.keyword === 'oneOf') && (validate.errors?.length ?? 0) > 1) continue;
    const issue = answerIssue(error);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (issues.length < MAX_ANSWER_ISSUES) issues.push(issue);
    else omitted++;
  }
  return { issues, omitted };
}

/** The JSON answers `validateResponses` checks: an API operation's success answer with a resultSchema. */
export function checkedSchema(entry: ApiOperationEntry | undefined, status: number): JsonSchema | null {
  if (!entry || !entry.resultSchema || (entry.responseContentType ?? null) !== null) return null;
  return status >= 200 && status < 300 ? entry.resultSchema : null;
}

export interface AnswerReport {
  mode: ResponseValidation;
  /** The operation of the run (a v1 operation's name when one of its calls answered). */
  operation: string;
  warn(field: string, message: string): void;
}

/** Reports an answer's mismatches as the mode says; throws INVALID_RESPONSE under "error". */
export function reportAnswer(entry: ApiOperationEntry, schema: JsonSchema, answer: unknown, status: number, validators: ValidatorCache, report: AnswerReport): void {
  const { issues, omitted } = answerIssues(schema, answer, validators, entry.name);
  if (!issues.length) return;
  const more = omitted ? ` … and ${omitted} more` : '';
  if (report.mode === 'warn') {
    for (const issue of issues) report.warn(issue.path, `${entry.name}: the answer's ${issue.path || '(root)'} ${issue.message} (resultSchema)`);
    if (omitted) report.warn('', `${entry.name}: ${omitted} more mismatches with its resultSchema not reported`);
    return;
  }
  const listed = issues.slice(0, 5).map((i) => `${i.path || '(root)'} ${i.message}`).join('; ');
  throw new InvalidResponseError(`${entry.name}: Intercom's answer (status ${status}) does not match its resultSchema: ${listed}${issues.length > 5 ? `; …` : ''}${more}`, {
    operation: report.operation,
    status,
    issues,
    ...(omitted ? { omittedIssues: omitted } : {}),
    // The request was carried out: sending it again would not change what Intercom answers.
    retryable: false,
  });
}
