import type { V1Operation } from '../types.js';

export default {
  name: 'get_team',
  summary: 'Get one team by id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Id of the team.' }],
  targets: ['retrieveTeam'],
  readOnly: true,
  mapped: { id: 'path id' },
  binding: { target: 'retrieveTeam', path: ['id'] },
} satisfies V1Operation;
