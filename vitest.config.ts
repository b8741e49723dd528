import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The official descriptions and seeds are read from ../shared, never copied into the repository.
// Callers (CI) may point elsewhere; the global setup fails the run when the folders are missing.
process.env.INTERCOM_OPENAPI_DIR ??= resolve(__dirname, '../shared/intercom-openapi');
process.env.INTERCOM_SEEDS_DIR ??= resolve(__dirname, '../shared/seeds');
process.env.INTERCOM_CONFORMANCE_FILE ??= resolve(__dirname, '../shared/conformance/intercom-node-wire.json');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
