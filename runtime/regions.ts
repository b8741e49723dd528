/**
 * Intercom's regional API hosts: what the `region` option of `run()` selects, and what the
 * generator writes into generated/client.ts (which imports nothing from the runtime).
 */
const HOSTS = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
} as const;

export type Region = keyof typeof HOSTS;

export const REGION_BASE_URLS: Readonly<Record<Region, string>> = HOSTS;

/** The region of a call that names none. */
export const DEFAULT_REGION: Region = 'us';
