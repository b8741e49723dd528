import createUser from './create_user.js';
import type { V1Operation } from '../types.js';

/** The v1 list documents the same call twice (`POST /users` upserts): one operation, two names. */
export default { ...createUser, name: 'create_update_user' } satisfies V1Operation;
