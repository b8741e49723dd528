/**
 * The company scroll's own failures as typed errors, each saying what to do: another scroll of
 * the workspace is open (ScrollExistsError), or the scroll continued is gone (ScrollExpiredError).
 * Neither is sent again (400, 404 and 500 are not retried): repeating the request cannot succeed
 * until the open scroll ends, and a lost scroll can only start over.
 */
import { ApiError, ScrollExistsError, ScrollExpiredError } from './errors.js';

/** Intercom's words for the two cases (its error codes, else its messages). */
const EXISTS = /scroll_exists|scroll already exists/i;
const GONE = /scroll[_ ]param|scroll (?:has )?expired|restart the scroll/i;

function said(error: ApiError): string {
  return [...(error.apiErrors ?? []).flatMap((e) => [e.code, e.message]), error.message].join(' ');
}

/**
 * The typed error for a failed scroll request, or the error as it was. `continued` is the
 * scroll_param the request carried (undefined for a request that opens a scroll).
 */
export function scrollError(error: unknown, operation: string, continued: string | undefined): unknown {
  if (!(error instanceof ApiError) || error.status === undefined) return error;
  const text = said(error);
  const details = {
    operation: error.operation ?? operation,
    retryable: false,
    status: error.status,
    requestId: error.requestId,
    apiErrors: error.apiErrors ?? [],
  };
  if (error.status === 400 && EXISTS.test(text)) {
    return new ScrollExistsError(
      `${operation}: another company scroll of this workspace is open, and Intercom allows one at a time (scroll_exists): ` +
        'finish it (page until an empty page) or wait until it expires, a minute after its last page; the scroll lock ' +
        '(rateLimit with redis) makes the workers of a workspace take turns. Not retried.',
      details,
    );
  }
  if (continued !== undefined && (error.status === 404 || error.status === 400 || error.status === 500) && GONE.test(text)) {
    return new ScrollExpiredError(
      `${operation}: the scroll this scroll_param continued is gone (Intercom closes a scroll a minute after its last page, ` +
        'and at its end): start again without scroll_param; rows already read were read from the old scroll. Not retried.',
      details,
    );
  }
  return error;
}
