import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createRunner, type Runner } from '../../entry/index.js';
import { startIntercomServer, type IntercomServer } from './intercom-server.js';

/**
 * The usual set-up of a runtime test file: one test server for the file, a runner with `token`
 * pointed at it, and the server's routes and records reset before each test.
 */
export function useServerAndRunner(token: string, ready: (server: IntercomServer, runner: Runner) => void): void {
  let server: IntercomServer | undefined;
  beforeAll(async () => {
    server = await startIntercomServer();
    ready(server, createRunner({ token, baseUrl: server.url }));
  });
  afterAll(() => server?.close());
  beforeEach(() => server?.reset({ routes: true }));
}
