/**
 * The v1 operation catalog: the 57 operations of the legacy v1 operation list, one module each
 * (`v1/<name>.ts`, default export a `V1Operation`), and the 2.x operations they may call.
 */
import type { BindingFunction } from '../runtime/binding-api.js';
import type { V1Operation } from './types.js';
import { bindingFunction } from './data-binding.js';
import addCustomerToConversation from './v1/add_customer_to_conversation.js';
import archiveUser from './v1/archive_user.js';
import convertLead from './v1/convert_lead.js';
import convertVisitor from './v1/convert_visitor.js';
import createCompany from './v1/create_company.js';
import createEvent from './v1/create_event.js';
import createLead from './v1/create_lead.js';
import createNote from './v1/create_note.js';
import createTag from './v1/create_tag.js';
import createUpdateUser from './v1/create_update_user.js';
import createUser from './v1/create_user.js';
import deleteCompany from './v1/delete_company.js';
import deleteCompanyById from './v1/delete_company_by_id.js';
import deleteCustomerToConversation from './v1/delete_customer_to_conversation.js';
import deleteLead from './v1/delete_lead.js';
import deleteLeadById from './v1/delete_lead_by_id.js';
import deleteTag from './v1/delete_tag.js';
import deleteVisitor from './v1/delete_visitor.js';
import deleteVisitorById from './v1/delete_visitor_by_id.js';
import findUser from './v1/find_user.js';
import getAdmin from './v1/get_admin.js';
import getCompany from './v1/get_company.js';
import getConversation from './v1/get_conversation.js';
import getCount from './v1/get_count.js';
import getCurrentAdminAndApp from './v1/get_current_admin_and_app.js';
import getLead from './v1/get_lead.js';
import getNote from './v1/get_note.js';
import getSegment from './v1/get_segment.js';
import getTeam from './v1/get_team.js';
import getUser from './v1/get_user.js';
import getVisitor from './v1/get_visitor.js';
import listActivityLogsForAdmin from './v1/list_activity_logs_for_admin.js';
import listAdmins from './v1/list_admins.js';
import listCompanies from './v1/list_companies.js';
import listConversations from './v1/list_conversations.js';
import listDataAttributesForCompanies from './v1/list_data_attributes_for_companies.js';
import listDataAttributesForCustomers from './v1/list_data_attributes_for_customers.js';
import listEventsForUser from './v1/list_events_for_user.js';
import listLeads from './v1/list_leads.js';
import listNotesForUser from './v1/list_notes_for_user.js';
import listSegments from './v1/list_segments.js';
import listTags from './v1/list_tags.js';
import listTeams from './v1/list_teams.js';
import listUsers from './v1/list_users.js';
import listUsersForCompany from './v1/list_users_for_company.js';
import markConversationAsRead from './v1/mark_conversation_as_read.js';
import postMessage from './v1/post_message.js';
import postReply from './v1/post_reply.js';
import postReplyToLastConversation from './v1/post_reply_to_last_conversation.js';
import scrollCompanies from './v1/scroll_companies.js';
import scrollLeads from './v1/scroll_leads.js';
import scrollUsers from './v1/scroll_users.js';
import setAdminAway from './v1/set_admin_away.js';
import updateCompany from './v1/update_company.js';
import updateLead from './v1/update_lead.js';
import updateTag from './v1/update_tag.js';
import updateVisitor from './v1/update_visitor.js';

export const v1Operations: readonly V1Operation[] = [
  addCustomerToConversation,
  archiveUser,
  convertLead,
  convertVisitor,
  createCompany,
  createEvent,
  createLead,
  createNote,
  createTag,
  createUpdateUser,
  createUser,
  deleteCompany,
  deleteCompanyById,
  deleteCustomerToConversation,
  deleteLead,
  deleteLeadById,
  deleteTag,
  deleteVisitor,
  deleteVisitorById,
  findUser,
  getAdmin,
  getCompany,
  getConversation,
  getCount,
  getCurrentAdminAndApp,
  getLead,
  getNote,
  getSegment,
  getTeam,
  getUser,
  getVisitor,
  listActivityLogsForAdmin,
  listAdmins,
  listCompanies,
  listConversations,
  listDataAttributesForCompanies,
  listDataAttributesForCustomers,
  listEventsForUser,
  listLeads,
  listNotesForUser,
  listSegments,
  listTags,
  listTeams,
  listUsers,
  listUsersForCompany,
  markConversationAsRead,
  postMessage,
  postReply,
  postReplyToLastConversation,
  scrollCompanies,
  scrollLeads,
  scrollUsers,
  setAdminAway,
  updateCompany,
  updateLead,
  updateTag,
  updateVisitor,
];

export { targets } from './targets.js';

/** Each v1 operation's behaviour by name: data bindings are turned into functions here. */
export const v1Bindings: Readonly<Record<string, BindingFunction>> = Object.fromEntries(
  v1Operations.map((op) => [op.name, bindingFunction(op)]),
);
