import { z } from '@hono/zod-openapi';
import { RoleSchema, TenantSchema, UserSchema } from '../../platform/http/api-schemas';
import { MIN_PASSWORD_LENGTH } from '../users/password';

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024);

export const SignupSchema = z
  .object({
    tenantName: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    email: z.email(),
    password,
  })
  .openapi('Signup');
export const LoginSchema = z
  .object({ email: z.email(), password: z.string().min(1).max(1024), tenantId: z.string().optional() })
  .openapi('Login');
export const RefreshSchema = z
  .object({
    refreshToken: z.string().optional().openapi({ description: 'Only for clients without cookies' }),
  })
  .openapi('Refresh');
export const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1), newPassword: password })
  .openapi('ChangePassword');
export const PasswordResetRequestSchema = z.object({ email: z.email() }).openapi('PasswordResetRequest');
export const PasswordResetConfirmSchema = z
  .object({ token: z.string().min(1), password })
  .openapi('PasswordResetConfirm');

export const SessionSchema = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
    user: UserSchema,
    tenant: TenantSchema.nullable(),
    role: RoleSchema.nullable(),
  })
  .openapi('Session');

export const MeSchema = z
  .object({
    principal: z.enum(['user', 'api_key']),
    user: UserSchema.nullable(),
    apiKey: z.object({ id: z.string(), scopes: z.array(z.string()) }).nullable(),
    tenant: TenantSchema.nullable(),
    role: RoleSchema.nullable(),
  })
  .openapi('Me');
export const AcceptInvitationSchema = z
  .object({ token: z.string().min(1), name: z.string().trim().min(1).max(200), password })
  .openapi('AcceptInvitation');
