/**
 * The options of `run()` / `iterate()` (contract.md) and how they resolve to what a request needs.
 * Kept apart from the transport so dry runs resolve the same URLs without touching the network.
 */
import { ConfigError } from './errors.js';

export type Region = 'us' | 'eu' | 'au';

export interface Warning {
  operation: string;
  field: string;
  message: string;
}

export interface RunOptions {
  /** Bearer token; per call, because one connector runtime serves many workspaces. */
  token?: string;
  region?: Region;
  /** Overrides the region's URL (mock servers, proxies); may carry a path prefix. */
  baseUrl?: string;
  /** `Intercom-Version` header value; default: the registry's spec version. */
  version?: string;
  /** WHATWG fetch used for every request, lookups and next pages included. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Per request (each attempt), not per operation. */
  timeoutMs?: number;
  dryRun?: boolean;
  /** Cap on rows gathered by a v1 list operation given `resultsPath`. */
  maxItems?: number;
  onWarning?: (warning: Warning) => void;
  /** Retries of a retryable failure (see http.ts); 0 turns retrying off. */
  maxRetries?: number;
}

export const REGION_URLS: Readonly<Record<Region, string>> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** A request's own budget: long enough for Intercom's slow searches, short enough to notice a hang. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The v1 API's own cap on rows returned by one list call. */
export const DEFAULT_MAX_ITEMS = 10_000;
/** Two retries ride out a short gateway blip or one rate-limit window without hiding an outage. */
export const DEFAULT_MAX_RETRIES = 2;

/** Everything a request needs, resolved once per run() from the caller's options. */
export interface ResolvedOptions {
  token: string | undefined;
  baseUrl: string;
  version: string;
  fetch: typeof globalThis.fetch;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  dryRun: boolean;
  maxItems: number;
  maxRetries: number;
  onWarning: ((warning: Warning) => void) | undefined;
}

function nonNegativeNumber(name: string, value: unknown, fallback: number, operation: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${operation}: option ${name} must be a non-negative number`, { operation });
  }
  return value;
}

export function resolveOptions(options: RunOptions, registryVersion: string, operation: string): ResolvedOptions {
  const region = options.region ?? 'us';
  if (!Object.hasOwn(REGION_URLS, region)) {
    throw new ConfigError(`${operation}: unknown region ${JSON.stringify(region)}; use us, eu or au`, { operation });
  }
  let baseUrl = REGION_URLS[region as Region];
  if (options.baseUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(String(options.baseUrl));
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
    baseUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new ConfigError(`${operation}: options.fetch is not a function`, { operation });
  if (options.token !== undefined && (typeof options.token !== 'string' || /[\r\n]/.test(options.token))) {
    throw new ConfigError(`${operation}: token must be a single-line string`, { operation });
  }
  // Header values: a control character would make fetch throw (or split headers) far from the cause.
  if (options.version !== undefined && (typeof options.version !== 'string' || !/^[\x21-\x7e]+$/.test(options.version))) {
    throw new ConfigError(`${operation}: version must be a non-empty header value such as "2.10"`, { operation });
  }
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw new ConfigError(`${operation}: onWarning must be a function`, { operation });
  }
  return {
    token: options.token || undefined,
    baseUrl,
    version: options.version ?? registryVersion,
    fetch: fetchImpl,
    signal: options.signal,
    timeoutMs: nonNegativeNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, operation),
    dryRun: options.dryRun === true,
    maxItems: nonNegativeNumber('maxItems', options.maxItems, DEFAULT_MAX_ITEMS, operation),
    maxRetries: Math.floor(nonNegativeNumber('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, operation)),
    onWarning: options.onWarning,
  };
}
