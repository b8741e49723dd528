/**
 * The options of `run()` / `iterate()` and how they resolve to what a request needs.
 * Kept apart from the transport so dry runs resolve the same URLs without touching the network.
 */
import { ConfigError } from './errors.js';
import { REGION_BASE_URLS as REGION_URLS, type Region } from './regions.js';
import { resolveTraffic, RateResources, type RateLimitOptions, type Traffic } from './rate-limit/settings.js';
import { MIN_TOKEN_LENGTH } from './redact.js';

export type { Region } from './regions.js';

/** What `validateResponses` does with an answer that does not match its schema (response-check.ts). */
export type ResponseValidation = 'off' | 'warn' | 'error';

/** Kept here, not beside the check: a call that never checks an answer need not load response-check.ts. */
const RESPONSE_VALIDATION_MODES: readonly ResponseValidation[] = ['off', 'warn', 'error'];

/**
 * What a warning is about: a v1 field the current API cannot write (`dropped-field`), an answer
 * that does not match its resultSchema (`response`, with `validateResponses: "warn"`; `field` is
 * a JSON pointer into the answer), the shared rate budget falling back to the local one
 * (`rate-limit`, field "rateLimit"), or paging that ended early (`paging`: a page without rows
 * that offers another, a last page below the total it announces).
 */
export type WarningKind = 'dropped-field' | 'response' | 'rate-limit' | 'paging';

export interface Warning {
  operation: string;
  kind: WarningKind;
  field: string;
  message: string;
}

export interface RunOptions extends RateLimitOptions {
  /**
   * Bearer token; per call, because one connector runtime serves many workspaces. Visible ASCII,
   * no surrounding whitespace (else CONFIG).
   */
  token?: string;
  region?: Region;
  /** Overrides the region's URL (mock servers, proxies); may carry a path prefix. */
  baseUrl?: string;
  /**
   * The API version to run against ("2.14", "preview" or "Preview"): that version's operations,
   * params and schemas, and the `Intercom-Version` header its description declares. Default: the
   * runner's own version (the root entry's is the pinned one).
   */
  version?: string;
  /** WHATWG fetch used for every request, lookups and next pages included. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /**
   * Per request (each attempt), not per operation; 0 = none; at most MAX_TIMEOUT_MS (else CONFIG).
   * Fires up to DEADLINE_SLICE_MS late: requests starting together share a timer (deadlines.ts).
   */
  timeoutMs?: number;
  dryRun?: boolean;
  /** Cap on rows gathered by a v1 list operation given `resultsPath` (a non-negative integer). */
  maxItems?: number;
  onWarning?: (warning: Warning) => void;
  /** Retries of a retryable failure (see http.ts); 0 turns retrying off. */
  maxRetries?: number;
  /** An answer larger than this (bytes) fails with INVALID_RESPONSE and is read no further. */
  maxResponseBytes?: number;
  /**
   * Check each success answer against its operation's resultSchema: "off" (default), "warn" (one
   * onWarning of kind "response" per mismatch, `field` a JSON pointer into the answer) or "error"
   * (INVALID_RESPONSE with the mismatches as `issues`).
   */
  validateResponses?: ResponseValidation;
}

/** A request's own budget: long enough for Intercom's slow searches, short enough to notice a hang. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The v1 API's own cap on rows returned by one list call. */
export const DEFAULT_MAX_ITEMS = 10_000;
/** Two retries ride out a short gateway blip or one rate-limit window without hiding an outage. */
export const DEFAULT_MAX_RETRIES = 2;
/** 64 MiB: far above any Intercom page, low enough that an endless answer cannot exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/**
 * Longest timeoutMs accepted: setTimeout's limit (2^31 − 1 ms, ~24.8 days). A longer delay fires
 * at once, so it would turn every request into an instant TIMEOUT; refused (CONFIG), not clamped,
 * because a value that large is a unit mistake (seconds vs ms) the caller should hear about.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/**
 * What a token may contain: visible ASCII only. fetch trims surrounding whitespace and refuses
 * control characters in header values, so anything else would be sent (or fail) as a different
 * string from the one redaction looks for.
 */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
/** Everything a request needs, resolved once per run() from the caller's options. */
export interface ResolvedOptions {
  token: string | undefined;
  /** Origin plus path prefix, never a trailing slash. */
  baseUrl: string;
  /** The path prefix of baseUrl as a URL parser reads it ('' for the region hosts). */
  basePath: string;
  version: string;
  fetch: typeof globalThis.fetch;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  dryRun: boolean;
  maxItems: number;
  maxRetries: number;
  maxResponseBytes: number;
  validateResponses: ResponseValidation;
  onWarning: ((warning: Warning) => void) | undefined;
  /** Rate budget, scroll lock and observers (rate-limit/settings.ts). */
  traffic: Traffic;
}

/** Rate-limit stores of calls made outside a runner's own resources. */
const defaultRateResources = new RateResources();

function nonNegativeNumber(name: string, value: unknown, fallback: number, operation: string, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new ConfigError(
      `${operation}: option ${name} must be a non-negative number${max === Infinity ? '' : ` of at most ${max}`}`,
      { operation },
    );
  }
  return value;
}

function nonNegativeInteger(name: string, value: unknown, fallback: number, operation: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(`${operation}: option ${name} must be a non-negative integer`, { operation });
  }
  return value;
}

/** The token's problem, or null when it may be sent; never quotes the token. */
function tokenProblem(token: unknown): string | null {
  if (typeof token !== 'string') return 'must be a string';
  if (token.trim() === '') return 'must not be empty';
  if (token !== token.trim()) return 'must not start or end with whitespace';
  if (!TOKEN_CHARACTERS.test(token)) return 'must contain only visible ASCII characters (no spaces, line breaks or control characters)';
  // Masking a shorter one would garble every word that contains it (see redact.ts).
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters long (Intercom tokens are much longer)`;
  return null;
}

interface BaseUrl {
  url: string;
  path: string;
}

const regionBases = new Map<Region, BaseUrl>();

function regionBase(region: Region): BaseUrl {
  let base = regionBases.get(region);
  if (!base) regionBases.set(region, (base = { url: REGION_URLS[region], path: new URL(REGION_URLS[region]).pathname.replace(/\/$/, '') }));
  return base;
}

/** baseUrls already parsed, so a call that passes one does not parse it again (bounded). */
const parsedBaseUrls = new Map<string, BaseUrl>();
const MAX_PARSED_BASE_URLS = 256;

function parsedBaseUrl(value: unknown, operation: string): BaseUrl {
  const text = String(value);
  const known = parsedBaseUrls.get(text);
  if (known) return known;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(`${operation}: baseUrl is not an absolute URL`, { operation });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(`${operation}: baseUrl must be http or https`, { operation });
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(`${operation}: baseUrl must not carry a query, fragment or credentials`, { operation });
  }
  // Keep a path prefix (proxies) but never a trailing slash: operation paths start with one.
  const path = parsed.pathname.replace(/\/+$/, '');
  const base = { url: `${parsed.origin}${path}`, path };
  if (parsedBaseUrls.size >= MAX_PARSED_BASE_URLS) parsedBaseUrls.clear();
  parsedBaseUrls.set(text, base);
  return base;
}

/**
 * `base` with a call's own `token` and `signal` over it (and its `version`, already applied): what a connector serving many
 * workspaces passes per call, resolved without resolving the rest again. Undefined when the call
 * gives any other option (resolve the merged options then).
 */
export function withCallCredentials(base: ResolvedOptions, call: RunOptions, operation: string): ResolvedOptions | undefined {
  let token = base.token;
  let signal = base.signal;
  for (const key in call) {
    if (!Object.hasOwn(call, key)) continue;
    const value = (call as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'token') token = value as string;
    else if (key === 'signal') signal = value as AbortSignal;
    // The version chose the registry, whose header value `base` was resolved for.
    else if (key !== 'version') return undefined;
  }
  if (token !== base.token) {
    const problem = tokenProblem(token);
    if (problem) throw new ConfigError(`${operation}: token ${problem}`, { operation });
  }
  return { ...base, token, signal };
}

/** `intercomVersion`: the header value of the registry the call runs against (the `version` option chose it). */
export function resolveOptions(options: RunOptions, intercomVersion: string, operation: string, rateResources = defaultRateResources): ResolvedOptions {
  const region = options.region ?? 'us';
  if (!Object.hasOwn(REGION_URLS, region)) {
    throw new ConfigError(`${operation}: unknown region ${JSON.stringify(region)}; use us, eu or au`, { operation });
  }
  const base = options.baseUrl === undefined ? regionBase(region as Region) : parsedBaseUrl(options.baseUrl, operation);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new ConfigError(`${operation}: options.fetch is not a function`, { operation });
  const problem = options.token === undefined ? null : tokenProblem(options.token);
  if (problem) throw new ConfigError(`${operation}: token ${problem}`, { operation });
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw new ConfigError(`${operation}: onWarning must be a function`, { operation });
  }
  const validateResponses = options.validateResponses ?? 'off';
  if (!RESPONSE_VALIDATION_MODES.includes(validateResponses)) {
    throw new ConfigError(`${operation}: validateResponses must be "off", "warn" or "error"`, { operation });
  }
  return {
    token: options.token,
    baseUrl: base.url,
    basePath: base.path,
    version: intercomVersion,
    fetch: fetchImpl,
    signal: options.signal,
    timeoutMs: nonNegativeNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, operation, MAX_TIMEOUT_MS),
    dryRun: options.dryRun === true,
    maxItems: nonNegativeInteger('maxItems', options.maxItems, DEFAULT_MAX_ITEMS, operation),
    maxRetries: Math.floor(nonNegativeNumber('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, operation)),
    maxResponseBytes: nonNegativeInteger('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, operation),
    onWarning: options.onWarning,
    validateResponses,
    traffic: resolveTraffic(options, operation, rateResources),
  };
}
