import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import { contacts } from '../contacts/contacts.schema';
import { users } from '../users/users.schema';
import type { ConversationRow } from './conversation-hooks';
import { cannedResponses } from './conversations.schema';

type Variables = Record<string, unknown>;

/** `{{contact.name}}`, `{{contact.attributes.plan}}`…: a dotted path into `variables`; unknown ones stay as written. */
export function fillVariables(template: string, variables: Variables): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, path: string) => {
    let value: unknown = variables;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return whole;
      value = (value as Record<string, unknown>)[key];
    }
    return value === null || value === undefined || typeof value === 'object' ? '' : String(value);
  });
}

/** What a canned response's variables can name: the contact, the conversation and the agent. */
export async function variablesFor(tx: Tx, conversation: ConversationRow, agentUserId: string | null) {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, conversation.contactId));
  const [agent] = agentUserId
    ? await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, agentUserId))
    : [];
  const name = contact?.name ?? '';
  return {
    contact: {
      name,
      firstName: name.split(/\s+/)[0] ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
      attributes: contact?.attributes ?? {},
    },
    conversation: { id: conversation.id, subject: conversation.subject ?? '', channel: conversation.channel },
    agent: { name: agent?.name ?? '', email: agent?.email ?? '' },
  };
}

/** The canned response with this shortcode, filled for the conversation; 422 when there is none. */
export async function renderCannedResponse(
  tx: Tx,
  input: { tenantId: string; shortcode: string; conversation: ConversationRow; agentUserId: string | null },
) {
  const [canned] = await tx
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.tenantId, input.tenantId), eq(cannedResponses.shortcode, input.shortcode)));
  if (!canned)
    throw new AppError(
      'validation_failed',
      `cannedResponse: no canned response with shortcode ${input.shortcode}`,
      {
        details: { errors: [{ path: 'cannedResponse', message: 'no canned response with this shortcode' }] },
      },
    );
  return fillVariables(canned.body, await variablesFor(tx, input.conversation, input.agentUserId));
}
