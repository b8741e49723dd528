/**
 * What operators can see of each call: structured events (`onEvent`, for metrics and tracing) and
 * log lines (`logger`, console or pino alike: one string argument per line). Nothing is emitted
 * unless asked for, every line is redacted, and a failing handler never fails the call.
 */
import { redactText } from '../redact.js';

export interface Logger {
  debug(...args: any[]): unknown;
  info(...args: any[]): unknown;
  warn(...args: any[]): unknown;
  error(...args: any[]): unknown;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

interface EventBase {
  /** The registry name the request is made for. */
  operation: string;
  method: string;
  /** The request URL (the token is never in a URL; redacted all the same). */
  url: string;
  /** 1 for the first attempt of a request, 2 for its first retry, … */
  attempt: number;
}

/** One per attempt actually sent. */
export interface RequestEvent extends EventBase {
  type: 'request';
}
/** The attempt's answer (`status`), or its transport failure (`status` null, `error` the code). */
export interface ResponseEvent extends EventBase {
  type: 'response';
  status: number | null;
  error?: string;
  durationMs: number;
}
/** Another attempt follows after `waitMs`; `reason`: "429", "503", "ECONNRESET", … */
export interface RetryEvent extends EventBase {
  type: 'retry';
  reason: string;
  waitMs: number;
}
/** The attempt waits `waitMs` for its workspace's budget before it is sent. */
export interface RateWaitEvent extends EventBase {
  type: 'rate-wait';
  waitMs: number;
  /** The workspace key (a hash of the token, or the `workspace` option). */
  workspace: string;
  /** The slot came from the shared (Redis) budget. */
  shared: boolean;
}
/** An answer told the budget its limits. */
export interface RateBudgetEvent extends EventBase {
  type: 'rate-budget';
  workspace: string;
  status: number;
  /** Calls per window (X-RateLimit-Limit, else what the budget assumes). */
  limit: number;
  /** X-RateLimit-Remaining. */
  remaining: number | null;
  /** X-RateLimit-Reset (epoch seconds). */
  reset: number | null;
  /** The window length the budget works with (measured from successive resets, else assumed). */
  windowMs: number;
}
/** Waiting for another call's company scroll of the same workspace to end. */
export interface ScrollWaitEvent extends EventBase {
  type: 'scroll-wait';
  workspace: string;
  waitedMs: number;
}

export type CallEvent = RequestEvent | ResponseEvent | RetryEvent | RateWaitEvent | RateBudgetEvent | ScrollWaitEvent;

export interface Observers {
  logger: Logger | undefined;
  onEvent: ((event: CallEvent) => void) | undefined;
  /** Redaction of every log line. */
  token: string | undefined;
}

export function emit(observers: Observers, event: CallEvent): void {
  if (!observers.onEvent) return;
  try {
    observers.onEvent(event);
  } catch {
    // A failing metrics hook must not fail the call it reports on.
  }
}

export function log(observers: Observers, level: LogLevel, line: string): void {
  const logger = observers.logger;
  if (!logger) return;
  try {
    logger[level](redactText(`intercom-ops: ${line}`, observers.token));
  } catch {
    // Same as for events.
  }
}
