import { REPLY_MAPPED, translateLastReply, v1ReplyBodySchema } from '../shared/replies.js';
import type { V1Operation } from '../types.js';

const { conversation_id: _path, ...mapped } = REPLY_MAPPED;

export default {
  name: 'post_reply_to_last_conversation',
  summary: "Reply to the last conversation (a user's reply, or an admin comment or note).",
  params: [],
  body: v1ReplyBodySchema,
  bodyRequired: true,
  targets: ['replyConversation'],
  readOnly: false,
  mapped: { ...mapped, '(path)': 'replyConversation path id = "last"' },
  example: { $body: { message_type: 'comment', type: 'user', email: 'jane.doe@example.com', body: 'Thanks!' } },
  answer: { $answerOf: 'replyConversation' },
  binding: async (params, ctx) => {
    return ctx.call('replyConversation', { path: ['last'], body: translateLastReply(ctx, params.$body) });
  },
} satisfies V1Operation;
