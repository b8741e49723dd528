import type { V1Operation } from '../types.js';

export default {
  name: 'get_current_admin_and_app',
  summary: 'Get the admin the access token belongs to, with its workspace (app).',
  params: [],
  targets: ['identifyAdmin'],
  readOnly: true,
  binding: { target: 'identifyAdmin' },
} satisfies V1Operation;
