import type { V1Operation } from '../types.js';

export default {
  name: 'delete_lead_by_id',
  summary: 'Delete a lead by its Intercom id.',
  params: [{ name: 'id', type: 'string', required: true, description: 'Intercom id of the lead.' }],
  targets: ['DeleteContact'],
  readOnly: false,
  mapped: { id: 'path id' },
  binding: { target: 'DeleteContact', path: ['id'] },
} satisfies V1Operation;
