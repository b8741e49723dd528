/**
 * Imports an optional peer dependency (ioredis) by a specifier bundlers do not follow. A bundler
 * resolves every literal `import('…')` it finds and fails the build when the package is not
 * installed, which an app that never uses the feature has no reason to do; a specifier held in a
 * variable is left to run time, where a missing package is the CONFIG error the caller reports.
 * The one computed specifier in the package (test/runtime-layers.test.ts allows only this module).
 */
export const OPTIONAL_PEERS = ['ioredis'] as const;

export function importOptionalPeer<T>(name: (typeof OPTIONAL_PEERS)[number]): Promise<T> {
  const specifier: string = name;
  return import(specifier) as Promise<T>;
}
