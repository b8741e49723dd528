/** `npm run bench`: the runtime's benchmarks (build first: `npm run build`). */
import { main as coldStart } from './cold-start.js';

coldStart();
