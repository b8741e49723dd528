/**
 * A worker thread of generateAll (generator/index.ts): generates the versions it is handed and
 * posts their files back (or the error's message).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateVersions } from './index.js';
import type { GenerateAllOptions } from './options.js';

const { versions, options } = workerData as { versions: string[]; options: GenerateAllOptions };
try {
  parentPort!.postMessage({ outputs: await generateVersions(versions, options) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).stack ?? String(error) });
}
