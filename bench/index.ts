/** `npm run bench`: the runtime's benchmarks (build first: `npm run build`). */
import { main as coldStart } from './cold-start.js';
import { main as dispatch } from './dispatch.js';

coldStart();
console.log('');
await dispatch();
