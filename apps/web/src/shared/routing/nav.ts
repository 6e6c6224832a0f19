import type { Role } from '../auth/auth.store';
import type { Area } from './areas';

export type NavItem = { label: string; to: string; area: Area; roles?: Role[]; platformAdmin?: boolean };

/** The navigation of every area; the shell shows the items the signed-in role may open. */
export const NAV: NavItem[] = [
  { area: 'portal', label: 'Dashboard', to: '/portal' },
  { area: 'portal', label: 'Messages', to: '/portal/messages' },
  { area: 'portal', label: 'Conversations', to: '/portal/conversations' },
  { area: 'portal', label: 'Contacts', to: '/portal/contacts' },
  { area: 'portal', label: 'Numbers & senders', to: '/portal/numbers' },
  { area: 'portal', label: 'Providers', to: '/portal/providers', roles: ['tenant_admin'] },
  { area: 'portal', label: 'API keys', to: '/portal/api-keys', roles: ['tenant_admin'] },
  { area: 'portal', label: 'Webhooks', to: '/portal/webhooks', roles: ['tenant_admin'] },
  { area: 'portal', label: 'Email', to: '/portal/email', roles: ['tenant_admin'] },
  { area: 'portal', label: 'WhatsApp templates', to: '/portal/whatsapp', roles: ['tenant_admin'] },
  { area: 'portal', label: 'Team & roles', to: '/portal/team', roles: ['tenant_admin'] },
  { area: 'portal', label: 'Audit log', to: '/portal/audit', roles: ['tenant_admin'] },
  { area: 'portal', label: 'Settings', to: '/portal/settings', roles: ['tenant_admin'] },
  { area: 'portal', label: 'Device simulator', to: '/simulator' },
  { area: 'agent', label: 'Inbox', to: '/agent/inbox', roles: ['agent', 'supervisor'] },
  { area: 'agent', label: 'Softphone', to: '/agent/softphone', roles: ['agent', 'supervisor'] },
  { area: 'agent', label: 'My status', to: '/agent/status', roles: ['agent', 'supervisor'] },
  { area: 'admin', label: 'Tenants', to: '/admin/tenants', platformAdmin: true },
  { area: 'admin', label: 'Voice status', to: '/admin/voice', platformAdmin: true },
  { area: 'admin', label: 'Usage', to: '/admin/usage', platformAdmin: true },
  { area: 'admin', label: 'System', to: '/admin/system', platformAdmin: true },
];
