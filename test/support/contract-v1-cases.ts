/**
 * Representative documented inputs for the 57 v1 operations (seed 003 parameters, v1-bindings.md
 * mappings), and what the recording proxy answers where Prism's static examples cannot drive a
 * step:
 * - lookups (SearchContacts): the spec's example answer is an empty list, so every lookup would be
 *   NOT_FOUND. The proxy lets Prism validate the request, then answers one contact (or none / two,
 *   per case) echoing the role, email and external_id the query asked for;
 * - ShowContact: answered with the role the case needs (get_user / get_lead check it);
 * - the legacy v1 visitor routes (`GET|DELETE /visitors/{id}`, in no 2.7+ description): answered
 *   by the proxy without forwarding (nothing to validate them against).
 */
import type { Answer, ProxiedRequest } from './contract-proxy.js';
import type { Findings } from './prism.js';

export interface V1Case {
  /** Unique, e.g. "archive_user by email". */
  id: string;
  operation: string;
  params: Record<string, unknown>;
  /** How many contacts a lookup finds (default one). */
  lookup?: 'one' | 'none' | 'two';
  /** Role ShowContact answers with (default: the role the operation expects). */
  contactRole?: 'user' | 'lead';
  /**
   * A known defect (spec contradiction the generator or a binding has to resolve): the case is
   * expected to fail with `expect.code` until it is fixed; once it passes, the suite says so and
   * the marker must go.
   */
  defect?: string;
  expect: {
    ok?: true;
    /** Error code expected instead of success (NOT_FOUND, UNSUPPORTED, …). */
    code?: string;
    /** 2.x operation names (or `legacy METHOD /route/{}`) of the requests, in order. */
    calls?: string[];
    /** v1 fields reported through onWarning. */
    warnings?: string[];
  };
}

export interface Scenario {
  local?(request: ProxiedRequest): Answer | undefined;
  override?(request: ProxiedRequest, prism: { status: number; body: unknown; findings: Findings }, operation: string | undefined): Answer | undefined;
}

export const CONTACT_ID = '6643703ffae7834d1792fd30';

const EMAIL = 'jane.doe@example.com';
/** Ids the 2.10 description declares integer somewhere (admins, notes, conversations): numeric strings. */
const NUMERIC_ID = '991267921';
const ADMIN_ID = '991267921';
const COMPANY_ID = '531ee472cce572a6ec000006';
const SEGMENT_ID = '5d2e8d0f3b7d42400fbbf3b6';
const TAG_ID = '17513';
const CONVERSATION_ID = '147';
const VISITOR_ID = '530370b477ad7120001d';

const ok = { ok: true } as const;


/**
 * One or more cases per v1 operation, with inputs the v1 operation list documents. Where a lookup
 * decides the path taken, a second case takes the other path (none found → create, not found →
 * NOT_FOUND). Expected call sequences are pinned where the binding's route is the point.
 */
export const V1_CASES: readonly V1Case[] = [
  { id: 'add_customer_to_conversation by email', operation: 'add_customer_to_conversation',
    params: { conversation_id: CONVERSATION_ID, $body: { admin_id: ADMIN_ID, customer: { email: EMAIL } } },
    expect: { ...ok, calls: ['attachContactToConversation'] } },
  { id: 'add_customer_to_conversation by a customer (unsupported)', operation: 'add_customer_to_conversation',
    params: { conversation_id: CONVERSATION_ID, $body: { user_id: 'u-1', customer: { email: EMAIL } } },
    expect: { code: 'UNSUPPORTED', calls: [] } },
  { id: 'archive_user by email', operation: 'archive_user', params: { email: EMAIL },
    expect: { ...ok, calls: ['SearchContacts', 'ArchiveContact'] } },
  { id: 'archive_user by user_id, none found', operation: 'archive_user', params: { user_id: 'u-404' }, lookup: 'none',
    expect: { code: 'NOT_FOUND', calls: ['SearchContacts'] } },
  { id: 'archive_user by email, two found', operation: 'archive_user', params: { email: EMAIL }, lookup: 'two',
    expect: { code: 'AMBIGUOUS', calls: ['SearchContacts'] } },
  { id: 'convert_lead into an existing user', operation: 'convert_lead',
    params: { $body: { contact: { user_id: 'lead-uuid-1' }, user: { email: EMAIL } } },
    expect: { ...ok, calls: ['SearchContacts', 'SearchContacts', 'MergeContact'] } },
  { id: 'convert_lead, no such user', operation: 'convert_lead',
    params: { $body: { contact: { id: CONTACT_ID }, user: { user_id: 'u-new', email: EMAIL } } }, lookup: 'none',
    expect: { ...ok, calls: ['SearchContacts', 'UpdateContact'] } },
  { id: 'convert_visitor to a user', operation: 'convert_visitor',
    params: { $body: { visitor: { user_id: 'visitor-user-1' }, type: 'user', user: { user_id: 'u-1', email: EMAIL } } },
    expect: { ...ok, calls: ['convertVisitor'] } },
  { id: 'convert_visitor to a lead', operation: 'convert_visitor',
    params: { $body: { visitor: { id: VISITOR_ID }, type: 'lead' } },
    expect: { ...ok, calls: ['convertVisitor'] } },
  { id: 'create_company', operation: 'create_company',
    params: { $body: { company_id: 'c-1', name: 'Blue Sun', plan: 'pro', size: 85, website: 'https://bluesun.example.com', industry: 'Manufacturing',
      custom_attributes: { paid_subscriber: true }, remote_created_at: 1394531169, monthly_spend: 1000 } },
    expect: { ...ok, calls: ['createOrUpdateCompany'] } },
  { id: 'create_event by user_id', operation: 'create_event',
    params: { $body: { event_name: 'invited-friend', created_at: 1391691571, user_id: 'u-1', metadata: { invitee_email: 'pi@example.org' } } },
    expect: { ...ok, calls: ['createDataEvent'] } },
  { id: 'create_lead with a company', operation: 'create_lead',
    params: { $body: { email: EMAIL, name: 'Jane Doe', phone: '+353871234567', last_request_at: 1391691571, custom_attributes: { plan: 'pro' },
      companies: [{ company_id: 'c-1', name: 'Blue Sun' }], utm_source: 'ads' } },
    expect: { ...ok, calls: ['CreateContact', 'createOrUpdateCompany', 'attachContactToACompany'], warnings: ['utm_source'] } },
  { id: 'create_lead with id (update)', operation: 'create_lead', params: { $body: { id: CONTACT_ID, name: 'Jane' } },
    expect: { ...ok, calls: ['UpdateContact'] } },
  { id: 'create_note by user id (numeric)', operation: 'create_note',
    params: { $body: { body: 'Text for my note', author: { id: ADMIN_ID }, user: { id: NUMERIC_ID } } },
    expect: { ...ok, calls: ['createNote'] } },
  { id: 'create_note by user email', operation: 'create_note',
    params: { $body: { body: 'Text for my note', author: { id: ADMIN_ID }, user: { email: EMAIL } } },
    expect: { ...ok, calls: ['SearchContacts', 'createNote'] } },
  { id: 'create_note by user id (Intercom contact id)', operation: 'create_note',
    params: { $body: { body: 'Text for my note', user: { id: CONTACT_ID } } },
    expect: { ...ok, calls: ['createNote'] } },
  { id: 'create_tag for users by id and email', operation: 'create_tag',
    params: { $body: { name: 'Independent', users: [{ id: CONTACT_ID }, { email: EMAIL }] } },
    expect: { ...ok, calls: ['SearchContacts', 'createTag'] } },
  { id: 'create_tag for companies', operation: 'create_tag',
    params: { $body: { name: 'Independent', companies: [{ id: COMPANY_ID }] } },
    expect: { ...ok, calls: ['createTag'] } },
  { id: 'create_tag untag a user', operation: 'create_tag',
    params: { $body: { name: 'Independent', users: [{ id: CONTACT_ID, untag: true }] } },
    expect: { ...ok, calls: ['createTag', 'detachTagFromContact'] } },
  { id: 'create_tag mixing users and companies', operation: 'create_tag',
    params: { $body: { name: 'Independent', users: [{ id: CONTACT_ID }], companies: [{ id: COMPANY_ID }] } },
    expect: { code: 'INVALID_PARAMS', calls: [] } },
  { id: 'create_tag just a name', operation: 'create_tag', params: { $body: { name: 'Independent' } },
    expect: { ...ok, calls: ['createTag'] } },
  { id: 'create_update_user existing', operation: 'create_update_user',
    params: { $body: { user_id: 'u-1', email: EMAIL, name: 'Jane', signed_up_at: 1391691571, avatar: { image_url: 'https://example.org/a.png' } } },
    expect: { ...ok, calls: ['SearchContacts', 'UpdateContact'] } },
  { id: 'create_update_user new', operation: 'create_update_user',
    params: { $body: { user_id: 'u-2', email: 'new@example.com', name: 'New', last_request_at: 1391691571 } }, lookup: 'none',
    expect: { ...ok, calls: ['SearchContacts', 'CreateContact'] } },
  { id: 'create_user new with a company', operation: 'create_user',
    params: { $body: { email: 'new@example.com', companies: [{ company_id: 'c-1', name: 'Blue Sun' }] } }, lookup: 'none',
    expect: { ...ok, calls: ['SearchContacts', 'CreateContact', 'createOrUpdateCompany', 'attachContactToACompany'] } },
  { id: 'delete_company by company_id', operation: 'delete_company', params: { user_id: 'c-1' },
    expect: { ...ok, calls: ['retrieveCompany', 'deleteCompany'] } },
  { id: 'delete_company_by_id', operation: 'delete_company_by_id', params: { id: COMPANY_ID },
    expect: { ...ok, calls: ['deleteCompany'] } },
  { id: 'delete_customer_to_conversation with admin_id', operation: 'delete_customer_to_conversation',
    params: { conversation_id: CONVERSATION_ID, id: CONTACT_ID, admin_id: ADMIN_ID },
    expect: { ...ok, calls: ['detachContactFromConversation'] } },
  { id: 'delete_customer_to_conversation as the token\'s admin', operation: 'delete_customer_to_conversation',
    params: { conversation_id: CONVERSATION_ID, id: CONTACT_ID },
    expect: { ...ok, calls: ['identifyAdmin', 'detachContactFromConversation'] } },
  { id: 'delete_lead by user_id', operation: 'delete_lead', params: { user_id: 'lead-uuid-1' },
    expect: { ...ok, calls: ['SearchContacts', 'DeleteContact'] } },
  { id: 'delete_lead_by_id', operation: 'delete_lead_by_id', params: { id: CONTACT_ID },
    expect: { ...ok, calls: ['DeleteContact'] } },
  { id: 'delete_tag', operation: 'delete_tag', params: { id: TAG_ID }, expect: { ...ok, calls: ['deleteTag'] } },
  { id: 'delete_visitor by user_id', operation: 'delete_visitor', params: { user_id: 'visitor-user-1' },
    expect: { ...ok, calls: ['retrieveVisitorWithUserId', 'legacy DELETE /visitors/{}'] } },
  { id: 'delete_visitor_by_id', operation: 'delete_visitor_by_id', params: { id: VISITOR_ID },
    expect: { ...ok, calls: ['legacy DELETE /visitors/{}'] } },
  { id: 'find_user by email', operation: 'find_user', params: { email: EMAIL }, expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'find_user by user_id', operation: 'find_user', params: { user_id: 'u-1' }, expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'find_user by user_id, none', operation: 'find_user', params: { user_id: 'u-404' }, lookup: 'none',
    expect: { code: 'NOT_FOUND', calls: ['SearchContacts'] } },
  { id: 'get_admin', operation: 'get_admin', params: { id: ADMIN_ID }, expect: { ...ok, calls: ['retrieveAdmin'] } },
  { id: 'get_company', operation: 'get_company', params: { id: COMPANY_ID }, expect: { ...ok, calls: ['RetrieveACompanyById'] } },
  { id: 'get_conversation as plaintext', operation: 'get_conversation', params: { id: CONVERSATION_ID, display_as: 'plaintext' },
    expect: { ...ok, calls: ['retrieveConversation'] } },
  { id: 'get_count app totals', operation: 'get_count', params: {},
    expect: { ...ok, calls: ['listAllCompanies', 'SearchContacts', 'SearchContacts', 'listTags', 'listSegments'] } },
  { id: 'get_count conversations', operation: 'get_count', params: { type: 'conversation' },
    expect: { ...ok, calls: ['searchConversations', 'searchConversations', 'searchConversations'] } },
  { id: 'get_count conversations per admin', operation: 'get_count', params: { type: 'conversation', count: 'admin' },
    expect: { ...ok, calls: ['listAdmins', 'searchConversations', 'searchConversations'] } },
  { id: 'get_count users per segment', operation: 'get_count', params: { type: 'user', count: 'segment' }, expect: { ...ok, calls: ['listSegments'] } },
  { id: 'get_count users per tag', operation: 'get_count', params: { type: 'user', count: 'tag' }, expect: { ...ok, calls: ['listTags', 'SearchContacts'] } },
  { id: 'get_count company users', operation: 'get_count', params: { type: 'company', count: 'user' }, expect: { ...ok, calls: ['listAllCompanies'] } },
  { id: 'get_count company segments', operation: 'get_count', params: { type: 'company', count: 'segment' },
    expect: { ...ok, calls: ['listSegments', 'retrieveCompany', 'retrieveCompany'] } },
  { id: 'get_count company tags', operation: 'get_count', params: { type: 'company', count: 'tag' }, expect: { ...ok, calls: ['listTags', 'retrieveCompany'] } },
  { id: 'get_count unsupported combination', operation: 'get_count', params: { type: 'lead', count: 'admin' }, expect: { code: 'UNSUPPORTED', calls: [] } },
  { id: 'get_current_admin_and_app', operation: 'get_current_admin_and_app', params: {}, expect: { ...ok, calls: ['identifyAdmin'] } },
  { id: 'get_lead', operation: 'get_lead', params: { id: CONTACT_ID }, expect: { ...ok, calls: ['ShowContact'] } },
  { id: 'get_lead that is a user', operation: 'get_lead', params: { id: CONTACT_ID }, contactRole: 'user',
    expect: { code: 'NOT_FOUND', calls: ['ShowContact'] } },
  { id: 'get_note', operation: 'get_note', params: { id: NUMERIC_ID }, expect: { ...ok, calls: ['retrieveNote'] } },
  { id: 'get_segment', operation: 'get_segment', params: { id: SEGMENT_ID }, expect: { ...ok, calls: ['retrieveSegment'] } },
  { id: 'get_segment with count', operation: 'get_segment', params: { id: SEGMENT_ID, include_count: true },
    expect: { ...ok, calls: ['retrieveSegment', 'listSegments'] } },
  { id: 'get_team', operation: 'get_team', params: { id: NUMERIC_ID }, expect: { ...ok, calls: ['retrieveTeam'] } },
  { id: 'get_user', operation: 'get_user', params: { id: CONTACT_ID }, expect: { ...ok, calls: ['ShowContact'] } },
  { id: 'get_visitor', operation: 'get_visitor', params: { id: VISITOR_ID }, expect: { ...ok, calls: ['legacy GET /visitors/{}'] } },
  { id: 'list_activity_logs_for_admin', operation: 'list_activity_logs_for_admin',
    params: { created_at_after: '1677253093', created_at_before: '1677861493' }, expect: { ...ok, calls: ['listActivityLogs'] } },
  { id: 'list_admins', operation: 'list_admins', params: {}, expect: { ...ok, calls: ['listAdmins'] } },
  { id: 'list_admins resultsPath', operation: 'list_admins', params: { resultsPath: 'admins' }, expect: { ...ok, calls: ['listAdmins'] } },
  { id: 'list_companies by company_id', operation: 'list_companies', params: { company_id: 'c-1' }, expect: { ...ok, calls: ['retrieveCompany'] } },
  { id: 'list_companies by tag', operation: 'list_companies', params: { tag_id: 17513 }, expect: { ...ok, calls: ['retrieveCompany'] } },
  { id: 'list_companies ordered', operation: 'list_companies', params: { order: 'asc' }, expect: { ...ok, calls: ['listAllCompanies'] } },
  { id: 'list_companies users of a company', operation: 'list_companies', params: { company_id: 'c-1', type: 'user' },
    expect: { ...ok, calls: ['retrieveCompany', 'ListAttachedContacts'] } },
  { id: 'list_companies tag and segment', operation: 'list_companies', params: { tag_id: 17513, segment_id: SEGMENT_ID },
    expect: { code: 'INVALID_PARAMS', calls: [] } },
  { id: 'list_conversations', operation: 'list_conversations', params: {}, expect: { ...ok, calls: ['listConversations'] } },
  { id: 'list_conversations open for an admin', operation: 'list_conversations',
    params: { type: 'admin', admin_id: ADMIN_ID, open: true, sort: 'updated_at', order: 'desc' }, expect: { ...ok, calls: ['searchConversations'] } },
  { id: 'list_conversations unread of a user by email', operation: 'list_conversations',
    params: { type: 'user', email: EMAIL, unread: true }, expect: { ...ok, calls: ['SearchContacts', 'searchConversations'] } },
  { id: 'list_data_attributes_for_companies', operation: 'list_data_attributes_for_companies', params: { include_archived: true },
    expect: { ...ok, calls: ['lisDataAttributes'] } },
  { id: 'list_data_attributes_for_customers', operation: 'list_data_attributes_for_customers', params: {},
    expect: { ...ok, calls: ['lisDataAttributes'] } },
  { id: 'list_events_for_user by user_id', operation: 'list_events_for_user', params: { type: 'user', user_id: 'u-1', summary: true },
    expect: { ...ok, calls: ['lisDataEvents'] } },
  { id: 'list_events_for_user by email', operation: 'list_events_for_user', params: { type: 'user', email: EMAIL },
    expect: { ...ok, calls: ['lisDataEvents'] } },
  { id: 'list_leads by email', operation: 'list_leads', params: { email: EMAIL }, expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'list_leads resultsPath', operation: 'list_leads', params: { resultsPath: 'contacts' }, expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'list_notes_for_user by id (numeric)', operation: 'list_notes_for_user', params: { id: NUMERIC_ID }, expect: { ...ok, calls: ['listNotes'] } },
  { id: 'list_notes_for_user by id (Intercom contact id)', operation: 'list_notes_for_user', params: { id: CONTACT_ID },
    expect: { ...ok, calls: ['listNotes'] } },
  { id: 'list_notes_for_user by email', operation: 'list_notes_for_user', params: { email: EMAIL },
    expect: { ...ok, calls: ['SearchContacts', 'listNotes'] } },
  { id: 'list_segments with counts', operation: 'list_segments', params: { include_count: true }, expect: { ...ok, calls: ['listSegments'] } },
  { id: 'list_segments of companies', operation: 'list_segments', params: { type: 'company' }, expect: { code: 'UNSUPPORTED', calls: [] } },
  { id: 'list_tags', operation: 'list_tags', params: {}, expect: { ...ok, calls: ['listTags'] } },
  { id: 'list_teams', operation: 'list_teams', params: {}, expect: { ...ok, calls: ['listTeams'] } },
  { id: 'list_users recent, sorted', operation: 'list_users', params: { created_since: 7, sort: 'last_request_at', order: 'asc' },
    expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'list_users resultsPath', operation: 'list_users', params: { resultsPath: 'users' }, expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'list_users_for_company', operation: 'list_users_for_company', params: { id: COMPANY_ID }, expect: { ...ok, calls: ['ListAttachedContacts'] } },
  { id: 'mark_conversation_as_read', operation: 'mark_conversation_as_read', params: { id: CONVERSATION_ID },
    expect: { ...ok, calls: ['updateConversation'] } },
  { id: 'post_message in-app from an admin to a user by email', operation: 'post_message',
    params: { $body: { message_type: 'inapp', body: 'Hey', from: { type: 'admin', id: ADMIN_ID }, to: { type: 'user', email: EMAIL } } },
    expect: { ...ok, calls: ['SearchContacts', 'createMessage'] } },
  { id: 'post_message email to a lead by id', operation: 'post_message',
    params: { $body: { message_type: 'email', subject: 'Hi', body: 'Hey', template: 'plain', from: { type: 'admin', id: ADMIN_ID }, to: { type: 'contact', id: CONTACT_ID } } },
    expect: { ...ok, calls: ['createMessage'] } },
  { id: 'post_message from a user', operation: 'post_message',
    params: { $body: { body: 'Help!', from: { type: 'user', id: CONTACT_ID } } },
    expect: { ...ok, calls: ['createConversation'] } },
  { id: 'post_reply comment by an admin', operation: 'post_reply',
    params: { conversation_id: CONVERSATION_ID, $body: { message_type: 'comment', type: 'admin', admin_id: ADMIN_ID, body: 'Hello there' } },
    expect: { ...ok, calls: ['replyConversation'] } },
  { id: 'post_reply comment by a user', operation: 'post_reply',
    params: { conversation_id: CONVERSATION_ID, $body: { message_type: 'comment', type: 'user', user_id: 'u-1', body: 'Thanks' } },
    expect: { ...ok, calls: ['replyConversation'] } },
  { id: 'post_reply close', operation: 'post_reply',
    params: { conversation_id: CONVERSATION_ID, $body: { message_type: 'close', type: 'admin', admin_id: ADMIN_ID, body: 'Bye' } },
    expect: { ...ok, calls: ['manageConversation'] } },
  { id: 'post_reply snooze', operation: 'post_reply',
    params: { conversation_id: CONVERSATION_ID, $body: { message_type: 'snoozed', type: 'admin', admin_id: ADMIN_ID, snooze_until: 1714564800 } },
    expect: { ...ok, calls: ['manageConversation'] } },
  { id: 'post_reply assignment', operation: 'post_reply',
    params: { conversation_id: CONVERSATION_ID, $body: { message_type: 'assignment', type: 'admin', admin_id: ADMIN_ID, assignee_id: '814860' } },
    expect: { ...ok, calls: ['manageConversation'] } },
  { id: 'post_reply_to_last_conversation', operation: 'post_reply_to_last_conversation',
    params: { $body: { message_type: 'comment', type: 'user', intercom_user_id: CONTACT_ID, body: 'Thanks again' } },
    expect: { ...ok, calls: ['replyConversation'] } },
  { id: 'scroll_companies first page', operation: 'scroll_companies', params: {}, expect: { ...ok, calls: ['scrollOverAllCompanies'] } },
  { id: 'scroll_companies next page', operation: 'scroll_companies', params: { scroll: 'da6bbbac-25f6-4f07-866b-b911082d7' },
    expect: { ...ok, calls: ['scrollOverAllCompanies'] } },
  { id: 'scroll_leads first page', operation: 'scroll_leads', params: {}, expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'scroll_users next page', operation: 'scroll_users', params: { scroll: 'WzE3MTQ1NjQ4MDAwMDAsIjY2NDM3MDNmIl0=' },
    expect: { ...ok, calls: ['SearchContacts'] } },
  { id: 'set_admin_away', operation: 'set_admin_away', params: { id: ADMIN_ID, away_mode_enabled: true, away_mode_reassign: true },
    expect: { ...ok, calls: ['setAwayAdmin'] } },
  { id: 'set_admin_away defaults', operation: 'set_admin_away', params: { id: ADMIN_ID }, expect: { ...ok, calls: ['setAwayAdmin'] } },
  { id: 'update_company', operation: 'update_company', params: { $body: { company_id: 'c-1', plan: 'enterprise', monthly_spend: 2000, user_count: 3 } },
    expect: { ...ok, calls: ['createOrUpdateCompany'], warnings: ['user_count'] } },
  { id: 'update_lead by id', operation: 'update_lead', params: { $body: { id: CONTACT_ID, name: 'Jane', custom_attributes: { plan: 'pro' } } },
    expect: { ...ok, calls: ['UpdateContact'] } },
  { id: 'update_lead by user_id', operation: 'update_lead', params: { $body: { user_id: 'lead-uuid-1', email: EMAIL } },
    expect: { ...ok, calls: ['SearchContacts', 'UpdateContact'] } },
  { id: 'update_tag', operation: 'update_tag', params: { $body: { id: TAG_ID, name: 'Renamed' } }, expect: { ...ok, calls: ['createTag'] } },
  { id: 'update_visitor by user_id', operation: 'update_visitor',
    params: { $body: { user_id: 'visitor-user-1', name: 'Visitor', custom_attributes: { plan: 'pro' }, last_request_at: 1391691571 } },
    expect: { ...ok, calls: ['updateVisitor'] } },
];

const byCaseId = new Map<string, V1Case>();
for (const c of V1_CASES) byCaseId.set(`v1:${c.operation}:${c.id}`, c);

/** Collects `field = value` filters of a SearchContacts query (single or nested AND/OR). */
function filters(query: unknown, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!query || typeof query !== 'object') return out;
  const q = query as { field?: string; value?: unknown; operator?: string };
  if (typeof q.field === 'string') {
    if (q.operator === '=' || q.operator === undefined) out[q.field] = q.value;
  } else if (Array.isArray(q.value)) for (const item of q.value) filters(item, out);
  return out;
}

function contact(index: number, wanted: Record<string, unknown>): Record<string, unknown> {
  const role = wanted.role === 'lead' ? 'lead' : 'user';
  return {
    type: 'contact',
    id: index === 0 ? CONTACT_ID : `6643703ffae7834d1792fd3${index}`,
    workspace_id: 'ecahpwf5',
    external_id: typeof wanted.external_id === 'string' ? wanted.external_id : null,
    role,
    email: typeof wanted.email === 'string' ? wanted.email : 'jane.doe@example.com',
    name: 'Jane Doe',
    created_at: 1714564800,
    updated_at: 1714564800,
  };
}

function searchAnswer(c: V1Case, body: unknown): Answer {
  const wanted = filters((body as { query?: unknown })?.query);
  const count = c.lookup === 'none' ? 0 : c.lookup === 'two' ? 2 : 1;
  const data = Array.from({ length: count }, (_, i) => contact(i, wanted));
  return {
    status: 200,
    body: { type: 'list', data, total_count: count, pages: { type: 'pages', page: 1, per_page: 50, total_pages: count ? 1 : 0 } },
  };
}

export function v1Scenario(caseId: string): Scenario | undefined {
  const c = byCaseId.get(caseId);
  if (!caseId.startsWith('v1:')) return undefined;
  return {
    local(request) {
      // Legacy v1 visitor routes: not in the description, nothing for Prism to check.
      if ((request.method === 'GET' || request.method === 'DELETE') && /^\/visitors\/(?!convert$)[^/]+$/.test(request.path)) {
        const id = decodeURIComponent(request.path.split('/')[2]!);
        return { status: 200, body: { type: 'visitor', id, user_id: 'visitor-user-1', name: 'Visitor', custom_attributes: {} } };
      }
      return undefined;
    },
    override(request, prism, operation) {
      if (prism.status >= 300 || !c) return undefined; // keep Prism's own answer to a faulty request
      if (operation === 'SearchContacts') return searchAnswer(c, request.body);
      if (operation === 'ShowContact') {
        const role = c.contactRole ?? (c.operation.includes('lead') ? 'lead' : 'user');
        const id = decodeURIComponent(request.path.split('/')[2]!);
        return { status: 200, body: { ...(prism.body as object), ...contact(0, { role }), id } };
      }
      return undefined;
    },
  };
}
