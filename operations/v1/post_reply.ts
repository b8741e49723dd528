import { REPLY_MAPPED, translateReply, v1ReplyBodySchema } from '../shared/replies.js';
import type { V1Operation } from '../types.js';

export default {
  name: 'post_reply',
  summary: 'Reply to a conversation (user or admin comment, admin note) or close, open, snooze or assign it.',
  params: [{ name: 'conversation_id', type: 'string', required: true, description: 'Id of the conversation.' }],
  body: v1ReplyBodySchema,
  bodyRequired: true,
  targets: ['replyConversation', 'manageConversation'],
  readOnly: false,
  mapped: REPLY_MAPPED,
  example: { conversation_id: '147', $body: { message_type: 'comment', type: 'admin', admin_id: '991267921', body: 'Thanks, fixed now.' } },
  pathParams: ['/conversation_id'],
  answer: { anyOf: [{ $answerOf: 'replyConversation', description: 'comment, note' }, { $answerOf: 'manageConversation', description: 'close, open, snoozed, assignment' }] },
  binding: async (params, ctx) => {
    const reply = translateReply(ctx, params.$body);
    const path: [string] = [params.conversation_id];
    return reply.target === 'replyConversation' ? ctx.call(reply.target, { path, body: reply.body }) : ctx.call(reply.target, { path, body: reply.body });
  },
} satisfies V1Operation;
