import { contactIdentities, contactImports, contacts } from '../contacts/contacts.schema';
import {
  cannedResponses,
  conversationMessages,
  conversationReads,
  conversations,
  inboxSettings,
} from './conversations.schema';

/** The inbox's tables (contacts and conversations), spread into the app's schema in one line. */
export const inboxTables = {
  contacts,
  contactIdentities,
  contactImports,
  conversations,
  conversationMessages,
  conversationReads,
  cannedResponses,
  inboxSettings,
};
