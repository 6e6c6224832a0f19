import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import type { InboundHook } from '../messages/messaging';
import { whatsappWindows } from './whatsapp.schema';

/** WhatsApp's customer service window: 24 hours from the contact's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export type WindowState = { lastInboundAt: Date | null; expiresAt: Date | null; open: boolean };

export const windowView = (lastInboundAt: Date | null, now = Date.now()): WindowState => {
  const expiresAt = lastInboundAt ? new Date(lastInboundAt.getTime() + WINDOW_MS) : null;
  return { lastInboundAt, expiresAt, open: expiresAt !== null && expiresAt.getTime() > now };
};

/** Opens (or resets to a full 24 hours) the window; a late redelivery of an older message never shortens it. */
export async function openWindow(
  tx: Db | Tx,
  input: { tenantId: string; businessNumber: string; contact: string; at: Date },
) {
  await tx
    .insert(whatsappWindows)
    .values({
      id: newId('waw'),
      tenantId: input.tenantId,
      businessNumber: input.businessNumber,
      contact: input.contact,
      lastInboundAt: input.at,
    })
    .onConflictDoUpdate({
      target: [whatsappWindows.tenantId, whatsappWindows.businessNumber, whatsappWindows.contact],
      set: {
        lastInboundAt: sql`greatest(${whatsappWindows.lastInboundAt}, excluded.last_inbound_at)`,
        updatedAt: new Date(),
      },
    });
}

/**
 * The inbound hook: every WhatsApp message a contact sends opens the window, in the transaction
 * that stores the message — from Meta's webhook or the sandbox's device simulator alike. System
 * notices (a user changed numbers) are not the user writing to the business.
 */
export const trackCustomerWindow: InboundHook = async (tx, message) => {
  if (message.channel !== 'whatsapp' || message.direction !== 'inbound' || !message.from) return;
  if (message.content?.type === 'system') return;
  await openWindow(tx, {
    tenantId: message.tenantId,
    businessNumber: message.to,
    contact: message.from,
    at: message.createdAt,
  });
};

export async function findWindow(tx: Db | Tx, tenantId: string, businessNumber: string, contact: string) {
  const [row] = await tx
    .select({ lastInboundAt: whatsappWindows.lastInboundAt })
    .from(whatsappWindows)
    .where(
      and(
        eq(whatsappWindows.tenantId, tenantId),
        eq(whatsappWindows.businessNumber, businessNumber),
        eq(whatsappWindows.contact, contact),
      ),
    );
  return windowView(row?.lastInboundAt ?? null);
}

/** Refuses a free-form send whose window is closed: outside it WhatsApp only carries approved templates. */
export async function assertWindowOpen(
  tx: Db | Tx,
  tenantId: string,
  businessNumber: string,
  contact: string,
) {
  const window = await findWindow(tx, tenantId, businessNumber, contact);
  if (window.open) return window;
  const since = window.lastInboundAt
    ? `the last message from ${contact} was at ${window.lastInboundAt.toISOString()}`
    : `${contact} has never written to ${businessNumber}`;
  throw new AppError(
    'whatsapp_window_closed',
    `The 24-hour customer service window is closed (${since}): only an approved template can start the conversation`,
    { details: { lastInboundAt: window.lastInboundAt?.toISOString() ?? null } },
  );
}
