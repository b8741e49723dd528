/**
 * v1 conversation replies (post_reply, post_reply_to_last_conversation). v1 had one endpoint for
 * every kind of conversation part; 2.x splits them: replies (comment, note) go to
 * replyConversation, state changes (close, open, snoozed, assignment) to manageConversation.
 * The v1 body is translated into exactly the 2.x branch its message_type selects, so the request
 * matches one (and only one) branch of the target's oneOf.
 */
import type { JsonSchema } from '../../runtime/registry-types.js';
import type { CanonicalContext, TargetBody } from '../types.js';
import { given, invalidParam, oneKey, pickIdentifier, unsupported, warnDropped } from './rules.js';

export const REPLY_MESSAGE_TYPES = ['comment', 'note', 'assignment', 'open', 'close', 'snoozed'] as const;
export type ReplyMessageType = (typeof REPLY_MESSAGE_TYPES)[number];

/** The v1 reply body (the v1 list's sample, typed; `snoozed` is the message_type `snooze_until` goes with). */
export const v1ReplyBodySchema: JsonSchema = {
  type: 'object',
  properties: {
    message_type: { type: 'string', enum: [...REPLY_MESSAGE_TYPES], description: 'Kind of conversation part.' },
    type: { type: 'string', enum: ['user', 'admin'], description: 'Who replies: a user (contact) or an admin.' },
    body: { type: 'string', description: 'Text of the reply or note (HTML allowed for admins).' },
    admin_id: { type: 'string', description: 'Id of the admin acting (type admin).' },
    assignee_id: { type: 'string', description: 'Admin or team to assign to (message_type assignment; "0" unassigns).' },
    intercom_user_id: { type: 'string', description: 'Intercom id of the replying contact (type user).' },
    user_id: { type: 'string', description: 'Your user_id of the replying contact (type user).' },
    email: { type: 'string', description: 'Email of the replying contact (type user).' },
    snooze_until: { type: 'integer', description: 'Epoch seconds when a snoozed conversation reopens (message_type snoozed).' },
    attachment_urls: { type: 'array', items: { type: 'string' }, maxItems: 10, description: 'Up to 10 file URLs (replies only).' },
  },
  required: ['message_type', 'type'],
  additionalProperties: false,
};

export const REPLY_MAPPED: Record<string, string> = {
  conversation_id: 'path id',
  '$body.message_type': 'comment/note → replyConversation; close/open/snoozed/assignment → manageConversation',
  '$body.snooze_until': 'manageConversation body snoozed_until',
  '$body.intercom_user_id': 'replyConversation body intercom_user_id (type user)',
  '$body.user_id': 'replyConversation body user_id (type user; your external id)',
};

const USER_IDS = ['intercom_user_id', 'user_id', 'email'] as const;

/** The 2.x request of a reply: the target its message_type selects, with that target's body. */
export type TranslatedReply =
  | { target: 'replyConversation'; body: TargetBody<'replyConversation'> }
  | { target: 'manageConversation'; body: TargetBody<'manageConversation'> };

/**
 * The 2.x request for a v1 reply body. Throws INVALID_PARAMS for a body that v1 would have
 * refused too (missing admin_id, body, assignee_id, snooze_until, or a user identifier) and
 * reports v1 fields that the chosen 2.x branch does not take.
 */
export function translateReply(ctx: CanonicalContext, v1: Record<string, any>): TranslatedReply {
  const reply = replyBody(ctx, v1);
  return reply ? { target: 'replyConversation', body: reply } : { target: 'manageConversation', body: stateChangeBody(ctx, v1) };
}

/** The replyConversation body of a reply to the last conversation: a comment or note only. */
export function translateLastReply(ctx: CanonicalContext, v1: Record<string, any>): TargetBody<'replyConversation'> {
  const reply = replyBody(ctx, v1);
  if (reply) return reply;
  throw unsupported(
    ctx,
    '$body.message_type',
    `"${v1.message_type}" changes a conversation's state (manageConversation), which needs the conversation's id; ` +
      'only replies (comment, note) can be sent to the last conversation',
  );
}

function notFor(messageType: ReplyMessageType, what: string): string {
  return `message_type ${messageType}${what} does not take it`;
}

/** The replyConversation body of a comment or note; undefined for the other message types. */
function replyBody(ctx: CanonicalContext, v1: Record<string, any>): TargetBody<'replyConversation'> | undefined {
  const messageType = v1.message_type as ReplyMessageType;
  const type = v1.type as 'user' | 'admin';
  const adminId = given(v1.admin_id);
  const text = typeof v1.body === 'string' ? v1.body : undefined;
  const attachments = Array.isArray(v1.attachment_urls) && v1.attachment_urls.length ? v1.attachment_urls : undefined;

  if (messageType === 'comment' || messageType === 'note') {
    if (text === undefined || text.trim() === '') throw invalidParam(ctx, '/$body/body', `is required for message_type ${messageType}`);
    if (type === 'admin') {
      if (!adminId) throw invalidParam(ctx, '/$body/admin_id', 'is required when an admin replies (type admin)');
      warnDropped(ctx, v1, ['message_type', 'type', 'body', 'admin_id', 'attachment_urls'], '', notFor(messageType, ' from an admin'));
      return { message_type: messageType, type: 'admin', admin_id: adminId, body: text, ...(attachments ? { attachment_urls: attachments } : {}) };
    }
    if (messageType === 'note') throw invalidParam(ctx, '/$body/message_type', 'note is for admins: send type admin with an admin_id');
    const who = pickIdentifier(v1, '/$body', { id: 'intercom_user_id', user_id: 'user_id', email: 'email' });
    if (!who) throw invalidParam(ctx, '/$body/intercom_user_id', 'or user_id or email is required when a user replies (type user)');
    const field = who.key === 'id' ? 'intercom_user_id' : who.key;
    // The strongest identifier is sent alone: 2.x takes exactly one (its branches are a oneOf).
    warnDropped(ctx, v1, ['message_type', 'type', 'body', 'attachment_urls', ...USER_IDS], '', notFor(messageType, ' from a user'));
    return { message_type: 'comment', type: 'user', ...oneKey(field, who.value), body: text, ...(attachments ? { attachment_urls: attachments } : {}) };
  }
  return undefined;
}

/** The manageConversation body of a state change (close, open, snoozed, assignment). */
function stateChangeBody(ctx: CanonicalContext, v1: Record<string, any>): TargetBody<'manageConversation'> {
  const messageType = v1.message_type as ReplyMessageType;
  const type = v1.type as 'user' | 'admin';
  const adminId = given(v1.admin_id);
  const text = typeof v1.body === 'string' ? v1.body : undefined;
  if (type !== 'admin') throw invalidParam(ctx, '/$body/type', `must be admin for message_type ${messageType} (only admins can do that)`);
  if (!adminId) throw invalidParam(ctx, '/$body/admin_id', `is required for message_type ${messageType}`);
  const keep = ['message_type', 'type', 'admin_id'];
  let body: TargetBody<'manageConversation'>;
  switch (messageType) {
    case 'close':
      body = { message_type: 'close', type: 'admin', admin_id: adminId, ...(text !== undefined ? { body: text } : {}) };
      keep.push('body');
      break;
    case 'open':
      body = { message_type: 'open', admin_id: adminId };
      break;
    case 'snoozed': {
      const until = v1.snooze_until;
      if (typeof until !== 'number') throw invalidParam(ctx, '/$body/snooze_until', 'is required for message_type snoozed (epoch seconds)');
      body = { message_type: 'snoozed', admin_id: adminId, snoozed_until: until };
      keep.push('snooze_until');
      break;
    }
    case 'assignment': {
      const assignee = given(v1.assignee_id);
      if (!assignee) throw invalidParam(ctx, '/$body/assignee_id', 'is required for message_type assignment');
      body = { message_type: 'assignment', type: 'admin', admin_id: adminId, assignee_id: assignee, ...(text !== undefined ? { body: text } : {}) };
      keep.push('assignee_id', 'body');
      break;
    }
    default:
      throw invalidParam(ctx, '/$body/message_type', `must be one of ${REPLY_MESSAGE_TYPES.join(', ')}`);
  }
  warnDropped(ctx, v1, keep, '', notFor(messageType, ''));
  return body;
}
