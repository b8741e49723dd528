import type { V1Operation } from '../types.js';

export default {
  name: 'set_admin_away',
  summary: 'Turn an admin\'s away mode on or off, and whether new replies are reassigned meanwhile.',
  params: [
    { name: 'id', type: 'string', required: true, description: 'Id of the admin.' },
    { name: 'away_mode_enabled', type: 'boolean', required: false, description: 'true sets the admin away (default false).' },
    { name: 'away_mode_reassign', type: 'boolean', required: false, description: 'true reassigns new conversation replies to the default inbox (default false).' },
  ],
  targets: ['setAwayAdmin'],
  readOnly: false,
  mapped: {
    id: 'path id (numeric: the current API declares an integer where it says so)',
    away_mode_enabled: 'body away_mode_enabled (required by the current API: false when not given)',
    away_mode_reassign: 'body away_mode_reassign (required by the current API: false when not given)',
  },
  example: { id: '991267921', away_mode_enabled: true, away_mode_reassign: true },
  pathParams: ['/id'],
  answer: { $answerOf: 'setAwayAdmin' },
  binding: async (params, ctx) =>
    ctx.call('setAwayAdmin', {
      path: [params.id],
      body: { away_mode_enabled: params.away_mode_enabled ?? false, away_mode_reassign: params.away_mode_reassign ?? false },
    }),
} satisfies V1Operation;
