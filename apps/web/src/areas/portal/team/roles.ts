import type { Role } from '../../../shared/auth/auth.store';

export const ROLES: { value: Role; label: string }[] = [
  { value: 'agent', label: 'Agent' },
  { value: 'supervisor', label: 'Supervisor' },
  { value: 'tenant_admin', label: 'Admin' },
];
