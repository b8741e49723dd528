/** `npm run bench`: the runtime's benchmarks (build first: `npm run build`). */
import { main as coldStart } from './cold-start.js';
import { main as dispatch } from './dispatch.js';
import { main as startup } from './startup.js';

startup();
console.log('');
coldStart();
console.log('');
await dispatch();
