/**
 * How many of the description's own success-response examples its answer schemas reject: each
 * example is validated against the operation's `resultSchema` (after the listed fixes), with the
 * validators the generator's gate already compiled, each finding named as validateResponses names
 * it (runtime/response-check.ts). The manifest reports the figures and the
 * first finding of each failing example, so a version bump shows where the description and its
 * examples disagree (and which answer fixes in spec/fixes.ts made them agree).
 */
import { answerIssue } from '../runtime/response-check.js';
import type { SpecOperation } from '../spec/model.js';
import type { CompiledSchemas } from './ajv-check.js';
import { isJsonMediaType } from './transform/response.js';

export interface ResponseExampleFailure {
  operation: string;
  /** `<status> <example name>` (`200 example` for a single `example`). */
  example: string;
  /** JSON pointer into the example of the first mismatch found. */
  pointer: string;
  message: string;
}

export interface ResponseExampleReport {
  /** Examples of success responses that have a resultSchema. */
  checked: number;
  failing: number;
  /** Operations with at least one failing example. */
  operationsFailing: number;
  failures: ResponseExampleFailure[];
}

/** The examples of an operation's JSON success responses, named. */
export function responseExamples(operation: SpecOperation): Array<{ name: string; value: unknown }> {
  const out: Array<{ name: string; value: unknown }> = [];
  for (const { status, response } of operation.successResponses) {
    for (const [type, media] of Object.entries<Record<string, any>>(response.content ?? {})) {
      if (!isJsonMediaType(type) || !media) continue;
      if (media.example !== undefined) out.push({ name: `${status} example`, value: media.example });
      for (const [name, example] of Object.entries<Record<string, any>>(media.examples ?? {})) {
        if (example && 'value' in example) out.push({ name: `${status} ${name}`, value: example.value });
      }
    }
  }
  return out;
}

export function checkResponseExamples(operations: readonly SpecOperation[], validators: CompiledSchemas): ResponseExampleReport {
  const report: ResponseExampleReport = { checked: 0, failing: 0, operationsFailing: 0, failures: [] };
  for (const operation of operations) {
    const validate = validators.get(operation.name)?.resultSchema;
    if (!validate) continue;
    let failed = false;
    for (const { name, value } of responseExamples(operation)) {
      report.checked++;
      if (validate(value)) continue;
      report.failing++;
      failed = true;
      const error = validate.errors?.[0];
      const issue = error ? answerIssue(error) : { path: '', message: 'rejected' };
      report.failures.push({ operation: operation.name, example: name, pointer: issue.path, message: issue.message });
    }
    if (failed) report.operationsFailing++;
  }
  return report;
}
