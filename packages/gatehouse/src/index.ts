/**
 * `@gatehouse-auth/gatehouse`: the factory, the extension factories, the errors an app may
 * catch and the core types. Re-exports only; the rest lives in the subpath entries:
 * `/hono` and `/express` (adapters and page building blocks), `/node` (node:http plumbing,
 * SMTP), `/stores` (databases, session and rate-limit stores), `/testing` (isolation checks)
 * and `/extension` (what an extension imports).
 *
 * @example
 * import { createGatehouse, loadEnvConfig, resetPassword } from '@gatehouse-auth/gatehouse'
 * const gatehouse = await createGatehouse({ ...loadEnvConfig(process.env), extensions: [resetPassword()] })
 */
export { createGatehouse } from './create-gatehouse.ts'
export type { CreateGatehouseOptions, Gatehouse } from './create-gatehouse.ts'
export { createGatehouseCore } from './core.ts'
export type { GatehouseCore } from './core.ts'
export type { GatehouseWeb } from './web/app.ts'
export type { GatehouseOptions, ResolvedConfig, SecurityHeadersOption } from './config.ts'
export { defineGatehouseConfig } from './cli/app-config.ts'
export type { GatehouseAppConfig } from './cli/app-config.ts'
export { loadEnvConfig } from './config/env.ts'
export type { EnvConfig } from './config/env.ts'

export { resetPassword } from './extensions/reset-password/index.tsx'
export type { ResetPasswordOptions } from './extensions/reset-password/index.tsx'
export { emailConfirmation } from './extensions/email-confirmation/index.tsx'
export type { EmailConfirmationOptions } from './extensions/email-confirmation/index.tsx'
export type { EmailConfirmationMessages } from './extensions/email-confirmation/messages.ts'
export type { EmailConfirmationTables } from './extensions/email-confirmation/index.tsx'
export { rememberMe } from './extensions/remember-me/index.tsx'
export type { RememberMeOptions, RememberMeMessages, RememberMeTables } from './extensions/remember-me/index.tsx'
export { invitations, DEFAULT_INVITATIONS_MESSAGES } from './extensions/invitations/index.tsx'
export type { InvitationsOptions, InvitationsMessages, InvitationsEvent, InvitationsEventListener, InvitationsEvents, InvitationsTables } from './extensions/invitations/index.tsx'
export { securityPage } from './extensions/security-page/index.tsx'
export type { SecurityPageOptions, SecurityPageMessages, SecurityPageEvents } from './extensions/security-page/index.tsx'
export type { GatehouseExtension } from './extensions/extension.ts'

export { GatehouseConfigError } from './errors.ts'
export { TenantScopeError } from './tenancy/tenant-scope-error.ts'
export { SessionStoreUnavailableError } from './sessions/session-store-unavailable-error.ts'
export { RateLimitStoreUnavailableError } from './rate-limits/rate-limit-store.ts'
export { PasswordHashingBusyError } from './passwords/hashing-queue.ts'

export type { Clock } from './clock.ts'
export type { Account, User } from './models.ts'
export type { GatehouseTables, AccountRow, UserRow, SessionRow, Role } from './db/schema.ts'
export type { Session, ValidatedSession } from './sessions/sessions.ts'
export { DEFAULT_SESSION_POLICY } from './sessions/session-policy.ts'
export type { SessionPolicy } from './sessions/session-policy.ts'
export { DEFAULT_MESSAGES, formatFieldError } from './messages.ts'
export type { Messages, MessageOverrides } from './messages.ts'
export { FieldErrorsBuilder, checkLength } from './validation/field-errors.ts'
export type { FieldError, FieldErrors } from './validation/field-errors.ts'
export { inputString } from './validation/input.ts'
export { safeRequestPath } from './web/redirects.ts'
export type { Pages } from './web/pages/index.ts'
export type { RegistrationInput, RegistrationResult } from './registration/register-account.ts'
export type { AuthenticationResult } from './authentication/authenticate-user.ts'
export type { UpdateRegistrationInput, UpdateRegistrationResult } from './registration/update-registration.ts'
export type { DeleteRegistrationResult } from './registration/delete-registration.ts'
export type { ReplacePasswordResult } from './passwords/replace-password.ts'
export type { GatehouseEvents } from './events.ts'
export type { AuditEvent, AuditEventType, AuditDetails } from './audit/index.ts'
export type { Tenancy, TenancyOptions } from './tenancy/tenancy.ts'
export { createTenantTable, tenantReference, enableTenantRowSecurity } from './tenancy/tenant-table.ts'
export { addIdColumn } from './db/migrations/columns.ts'
export type { MailOptions, MailService } from './mail/mail-service.ts'
export type { Mailer, MailMessage } from './mail/index.ts'
export type { RateLimitOptions, RateLimitSetting, RateLimitStoreKind } from './rate-limits/rate-limit-config.ts'
export type { RateLimit, RateLimitPolicy, RateLimitKeyKind } from './rate-limits/rate-limit-policies.ts'
export type { TrustedProxiesOption } from './network/trusted-proxies.ts'
export type { HashingQueueOptions } from './passwords/hashing-queue.ts'
export type { SessionStoreOption } from './sessions/session-store-config.ts'
// What an app's migrations and table types are written with (`gatehouse init` writes both).
export type { Generated, Kysely, Migration } from 'kysely'
