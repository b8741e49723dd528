/**
 * The 2.x operations v1 bindings call, by canonical (2.10) operationId. Bound by what does not
 * change between versions: method and route (path-parameter names are blanked to `{}`); the
 * operationId is checked too, with its known other spellings.
 */
import type { CanonicalTarget, Target } from './types.js';

/** Each operationId is one of the canonical version's API operations (a compile error otherwise). */
const list: Array<Target & { operationId: CanonicalTarget }> = [
  { operationId: 'ArchiveContact', method: 'POST', route: '/contacts/{}/archive' },
  { operationId: 'attachContactToACompany', method: 'POST', route: '/contacts/{}/companies' },
  { operationId: 'attachContactToConversation', method: 'POST', route: '/conversations/{}/customers' },
  { operationId: 'convertVisitor', method: 'POST', route: '/visitors/convert' },
  { operationId: 'CreateContact', method: 'POST', route: '/contacts' },
  { operationId: 'createConversation', method: 'POST', route: '/conversations' },
  { operationId: 'createDataEvent', method: 'POST', route: '/events' },
  { operationId: 'createMessage', method: 'POST', route: '/messages' },
  { operationId: 'createNote', method: 'POST', route: '/contacts/{}/notes' },
  { operationId: 'createOrUpdateCompany', method: 'POST', route: '/companies' },
  { operationId: 'createTag', method: 'POST', route: '/tags' },
  { operationId: 'deleteCompany', method: 'DELETE', route: '/companies/{}' },
  { operationId: 'DeleteContact', method: 'DELETE', route: '/contacts/{}' },
  { operationId: 'deleteTag', method: 'DELETE', route: '/tags/{}' },
  { operationId: 'detachContactFromConversation', method: 'DELETE', route: '/conversations/{}/customers/{}' },
  { operationId: 'detachTagFromContact', method: 'DELETE', route: '/contacts/{}/tags/{}' },
  { operationId: 'identifyAdmin', method: 'GET', route: '/me' },
  { operationId: 'lisDataAttributes', aliases: ['listDataAttributes'], method: 'GET', route: '/data_attributes' },
  { operationId: 'lisDataEvents', method: 'GET', route: '/events' },
  { operationId: 'listActivityLogs', method: 'GET', route: '/admins/activity_logs' },
  { operationId: 'listAdmins', method: 'GET', route: '/admins' },
  { operationId: 'listAllCompanies', method: 'POST', route: '/companies/list' },
  { operationId: 'ListAttachedContacts', method: 'GET', route: '/companies/{}/contacts' },
  { operationId: 'listConversations', method: 'GET', route: '/conversations' },
  { operationId: 'listNotes', method: 'GET', route: '/contacts/{}/notes' },
  { operationId: 'listSegments', method: 'GET', route: '/segments' },
  { operationId: 'listTags', method: 'GET', route: '/tags' },
  { operationId: 'listTeams', method: 'GET', route: '/teams' },
  { operationId: 'manageConversation', method: 'POST', route: '/conversations/{}/parts' },
  { operationId: 'MergeContact', method: 'POST', route: '/contacts/merge' },
  { operationId: 'replyConversation', method: 'POST', route: '/conversations/{}/reply' },
  { operationId: 'RetrieveACompanyById', method: 'GET', route: '/companies/{}' },
  { operationId: 'retrieveAdmin', method: 'GET', route: '/admins/{}' },
  { operationId: 'retrieveCompany', method: 'GET', route: '/companies' },
  { operationId: 'retrieveConversation', method: 'GET', route: '/conversations/{}' },
  { operationId: 'retrieveNote', method: 'GET', route: '/notes/{}' },
  { operationId: 'retrieveSegment', method: 'GET', route: '/segments/{}' },
  { operationId: 'retrieveTeam', method: 'GET', route: '/teams/{}' },
  { operationId: 'retrieveVisitorWithUserId', method: 'GET', route: '/visitors' },
  { operationId: 'scrollOverAllCompanies', method: 'GET', route: '/companies/scroll' },
  { operationId: 'SearchContacts', method: 'POST', route: '/contacts/search' },
  { operationId: 'searchConversations', method: 'POST', route: '/conversations/search' },
  { operationId: 'setAwayAdmin', method: 'PUT', route: '/admins/{}/away' },
  { operationId: 'ShowContact', method: 'GET', route: '/contacts/{}' },
  { operationId: 'UpdateContact', method: 'PUT', route: '/contacts/{}' },
  { operationId: 'updateConversation', method: 'PUT', route: '/conversations/{}' },
  { operationId: 'updateVisitor', method: 'PUT', route: '/visitors' },
];

export const targets: Readonly<Record<string, Target>> = Object.fromEntries(list.map((t) => [t.operationId, t]));
