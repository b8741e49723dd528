/**
 * A rate limiter that counts calls the way Intercom does: fixed windows aligned to the clock, a
 * limit per window, and on every answer X-RateLimit-Limit, X-RateLimit-Remaining and
 * X-RateLimit-Reset (epoch seconds of the window's end); over the limit a 429 with the three
 * headers and no Retry-After. Used by the benchmark's server and by the tests.
 */
export interface WindowAnswer {
  allowed: boolean;
  /** Index of the window the call fell into (epoch ms / windowMs). */
  window: number;
  headers: Record<string, string>;
}

export class FixedWindowLimiter {
  private window = -1;
  private used = 0;

  constructor(
    readonly limit: number,
    /** A whole number of seconds (the reset header has a resolution of one second). */
    readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    if (windowMs % 1000 !== 0) throw new Error('windowMs must be a whole number of seconds');
  }

  take(): WindowAnswer {
    const now = this.clock();
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    return {
      allowed,
      window,
      headers: {
        'x-ratelimit-limit': String(this.limit),
        'x-ratelimit-remaining': String(this.limit - this.used),
        'x-ratelimit-reset': String(((window + 1) * this.windowMs) / 1000),
      },
    };
  }
}

/** Intercom's 429 body. */
export const RATE_LIMITED_BODY = {
  type: 'error.list',
  request_id: null,
  errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of calls in 10 seconds' }],
};
