import type { V1Operation } from '../types.js';

export default {
  name: 'list_admins',
  summary: "List the workspace's admins (teammates).",
  params: [],
  targets: ['listAdmins'],
  readOnly: true,
  resultsPath: {},
  binding: { target: 'listAdmins' },
} satisfies V1Operation;
