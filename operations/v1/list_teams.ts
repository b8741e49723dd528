import type { V1Operation } from '../types.js';

export default {
  name: 'list_teams',
  summary: "List the workspace's teams.",
  params: [],
  targets: ['listTeams'],
  readOnly: true,
  resultsPath: {},
  binding: { target: 'listTeams' },
} satisfies V1Operation;
