import { expect } from 'vitest';
import { IntercomOpsError, type ApiErrorItem, type CompletedCall, type ParamIssue } from '../../runtime/errors.js';

/** A rejection as tests read it: the optional details present (an assertion fails if one is not). */
export type Failure = IntercomOpsError & {
  issues: ParamIssue[];
  completedCalls: CompletedCall[];
  apiErrors: ApiErrorItem[];
  suggestions: string[];
};

/** The error a promise rejects with, which must be an IntercomOpsError (the contract: every failure is). */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IntercomOpsError);
    return error as Failure;
  }
  throw new Error('expected a failure');
}
