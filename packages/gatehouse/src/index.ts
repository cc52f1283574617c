import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { GatehouseOptions } from './config.ts'
import { createGatehouseCore } from './core.ts'
import { openDatabase } from './db/database.ts'
import type { Database } from './db/database.ts'
import type { GatehouseTables } from './db/schema.ts'
import { createTenancy } from './tenancy/tenancy.ts'
import type { Tenancy, TenancyOptions } from './tenancy/tenancy.ts'
import { TenantScopeError } from './tenancy/tenant-scope-error.ts'
import { verifyTenancy } from './tenancy/verify-tenancy.ts'
import { GatehouseConfigError } from './errors.ts'
import type { GatehouseCore } from './core.ts'
import { createGatehouseWeb } from './web/app.ts'
import type { GatehouseWeb } from './web/app.ts'
import type { Pages } from './web/pages/index.ts'
import type { AnyGatehouseExtension } from './extensions/extension.ts'
import './web/env.ts'

/** Options for `createGatehouse`: the core's, plus replaceable pages. */
export interface CreateGatehouseOptions extends GatehouseOptions {
  readonly pages?: Partial<Pages>
  /** The app's tenant-owned tables and how they are reached (see "Multi-tenancy" in the README). */
  readonly tenancy?: TenancyOptions
  /** Switched-on extensions, in order: `[resetPassword(), emailConfirmation(), rememberMe(), invitations()]`. */
  readonly extensions?: readonly AnyGatehouseExtension[]
}

/** Everything an app uses: the core functions, the web layer and tenant-scoped data access. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no app tables by default
export type Gatehouse<AppTables = {}> = GatehouseCore &
  GatehouseWeb & {
    /** The Gatehouse routes as a plain `(Request) => Promise<Response>` for any framework. */
    fetch(request: Request): Promise<Response>
    /** The app's database handle; tenant tables are refused here (use `scoped` or `withTenant`). */
    readonly db: Kysely<GatehouseTables & AppTables>
    readonly tenancy: Tenancy<GatehouseTables & AppTables>
    withTenant: Tenancy<GatehouseTables & AppTables>['withTenant']
    unscopedDb: Tenancy<GatehouseTables & AppTables>['unscopedDb']
    /**
     * `withTenant` for the account of the signed-in user of this request: the only account a
     * request can ever reach. Throws when nobody is signed in (put `requireAuthenticated()` first).
     *
     * @example
     * app.get('/secrets', gatehouse.requireAuthenticated(), async (c) => {
     *   const secrets = await gatehouse.scoped(c, (db) => db.selectFrom('secrets').selectAll().execute())
     * })
     */
    scoped<T>(c: Context, work: (db: Kysely<GatehouseTables & AppTables>) => Promise<T>): Promise<T>
  }

/**
 * Creates Gatehouse: opens the database, applies migrations (unless `migrate: false`), and
 * builds the routes and middleware.
 *
 * @example
 * const gatehouse = await createGatehouse({ database: 'sqlite:./data/dev.sqlite', secret, publicUrl: 'http://localhost:4000' })
 * const app = new Hono()
 * app.use(gatehouse.middleware)
 * app.route('/', gatehouse.app)
 * app.get('/private', gatehouse.requireAuthenticated(), (c) => c.text(`Welcome ${c.get('currentUser')?.email}`))
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no app tables by default
export async function createGatehouse<AppTables = {}>(options: CreateGatehouseOptions): Promise<Gatehouse<AppTables>> {
  const core = await createGatehouseCore(options)
  const extensions = options.extensions ?? []
  const needingMail = extensions.filter((e) => e.usesMail).map((e) => e.name)
  if (needingMail.length > 0 && !core.mail.configured) {
    await core.close()
    throw new GatehouseConfigError(`extensions ${needingMail.join(', ')} send mail: set SMTP_URL (mail.smtpUrl) or pass mail.mailer; the dev mailbox is off in production`)
  }
  const web = createGatehouseWeb(core, {
    pages: options.pages ?? {},
    extensions,
    mail: { enqueue: core.mail.enqueue, flush: core.mail.flush, link: core.mail.link },
  })
  core.mail.start()
  const tenantOptions = options.tenancy ?? {}
  type Tables = GatehouseTables & AppTables
  let tenantDatabase: Database | undefined
  let tenancy: Tenancy<Tables>
  try {
    tenantDatabase = typeof tenantOptions.database === 'string' ? openDatabase(tenantOptions.database) : (tenantOptions.database ?? core.database)
    tenancy = createTenancy(tenantDatabase as unknown as { db: Kysely<Tables>; dialect: typeof core.database.dialect }, tenantOptions, extensions.flatMap((e) => e.tables ?? []))
    await verifyTenancy(tenantDatabase, tenancy.tables, { production: core.config.production, allowRowSecurityBypass: tenantOptions.allowRowSecurityBypass ?? false })
  } catch (error) {
    // A bad tenancy option must not leave the connections open.
    if (tenantDatabase && tenantDatabase !== core.database) await tenantDatabase.close()
    await core.close()
    throw error
  }
  const tenantConnection = tenantDatabase
  return {
    ...core,
    ...web,
    fetch: async (request: Request) => web.app.fetch(request),
    db: tenancy.db,
    tenancy,
    withTenant: (accountId, work) => tenancy.withTenant(accountId, work),
    unscopedDb: (reason) => tenancy.unscopedDb(reason),
    scoped(c, work) {
      const account = c.get('currentAccount')
      if (!account) throw new TenantScopeError('scoped() needs a signed-in user: put requireAuthenticated() before this route')
      return tenancy.withTenant(account.id, work)
    },
    async close() {
      // Work started after a response (a reset link being mailed) still needs the database.
      await web.idle()
      if (tenantConnection !== core.database) await tenantConnection.close()
      await core.close()
    },
  }
}

export { createGatehouseCore } from './core.ts'
export type { GatehouseCore } from './core.ts'
export type { GatehouseWeb } from './web/app.ts'
export type { GatehouseOptions, ResolvedConfig } from './config.ts'
export { GatehouseConfigError }
export type { Clock } from './clock.ts'
export { openDatabase, parseDatabaseUrl } from './db/database.ts'
export type { Database, DialectName } from './db/database.ts'
export type { GatehouseTables, AccountRow, UserRow, SessionRow, Role } from './db/schema.ts'
export { migrateToLatest, assertMigrated } from './db/migrator.ts'
export type { MigrationReport } from './db/migrator.ts'
export { addIdColumn } from './db/migrations/columns.ts'
export type { Account, User } from './models.ts'
export type { Session, ValidatedSession } from './sessions/sessions.ts'
export type { SessionPolicy } from './sessions/session-policy.ts'
export { DEFAULT_SESSION_POLICY } from './sessions/session-policy.ts'
export type { SessionStore } from './sessions/session-store.ts'
export { DEFAULT_MESSAGES, formatFieldError } from './messages.ts'
export type { Messages, MessageOverrides } from './messages.ts'
export type { FieldError, FieldErrors } from './validation/field-errors.ts'
export { FieldErrorsBuilder, checkLength } from './validation/field-errors.ts'
export { inputString } from './validation/input.ts'
export type { RegistrationInput, RegistrationResult } from './registration/register-account.ts'
export type { AuthenticationResult } from './authentication/authenticate-user.ts'
export type { UpdateRegistrationInput, UpdateRegistrationResult } from './registration/update-registration.ts'
export type { DeleteRegistrationResult } from './registration/delete-registration.ts'
export { safeRequestPath } from './web/redirects.ts'
export type { Pages } from './web/pages/index.ts'
export { loadEnvConfig } from './config/env.ts'
export { createTenancy, TENANT_SETTING } from './tenancy/tenancy.ts'
export type { Tenancy, TenancyOptions } from './tenancy/tenancy.ts'
export { TenantScopeError } from './tenancy/tenant-scope-error.ts'
export { createTenantTable, tenantReference, enableTenantRowSecurity } from './tenancy/tenant-table.ts'
export { dialectOf } from './db/dialect-of.ts'
export type { GatehouseExtension, ExtensionApi, ExtensionParts, ActionCallbacks, ExtensionSlots, ExtensionMailMessage } from './extensions/extension.ts'
export { EventBus } from './events.ts'
export type { MailOptions, MailService } from './mail/mail-service.ts'
export type { Mailer, MailMessage } from './mail/index.ts'
export { createSmtpMailer, mailLink } from './mail/index.ts'
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
export type { GatehouseEvents } from './events.ts'
export type { ReplacePasswordResult } from './passwords/replace-password.ts'
export type { EnvConfig } from './config/env.ts'
export { defineGatehouseConfig } from './cli/app-config.ts'
export type { GatehouseAppConfig } from './cli/app-config.ts'
export { createRequestGate } from './express/request-gate.ts'
export type { GatehouseRequestState, GatePass, GateResult, RenderOptions } from './express/request-gate.ts'
export { toWebRequest, writeWebResponse, applyHeaders } from './express/node-messages.ts'
export { createRedisSessionStore } from './sessions/redis-session-store.ts'
export type { RedisSessionStoreOptions } from './sessions/redis-session-store.ts'
export { createSqlSessionStore } from './sessions/sql-session-store.ts'
export type { SessionWithPrincipal, SecretRotation } from './sessions/session-store.ts'
export type { SessionStoreOption } from './sessions/session-store-config.ts'
export { SessionStoreUnavailableError } from './sessions/session-store-unavailable-error.ts'
export { connectRedis } from './redis/connect-redis.ts'
export type { Redis, RedisConnectionOptions } from './redis/connect-redis.ts'
export { isRedisOutage } from './redis/redis-outage.ts'
export { createRateLimiter, rateLimitKey } from './rate-limits/rate-limiter.ts'
export type { RateLimiter, RateLimitKeys } from './rate-limits/rate-limiter.ts'
export type { RateLimitDecision } from './rate-limits/sliding-window.ts'
export { createSqlRateLimitStore } from './rate-limits/sql-rate-limit-store.ts'
export { createRedisRateLimitStore } from './rate-limits/redis-rate-limit-store.ts'
export type { RedisRateLimitStoreOptions } from './rate-limits/redis-rate-limit-store.ts'
export { createMemoryRateLimitStore } from './rate-limits/memory-rate-limit-store.ts'
export { createFallbackRateLimitStore } from './rate-limits/fallback-rate-limit-store.ts'
export type { FallbackRateLimitStoreOptions } from './rate-limits/fallback-rate-limit-store.ts'
export { RateLimitStoreUnavailableError } from './rate-limits/rate-limit-store.ts'
export type { RateLimitStore, BackoffPolicy, WindowCount, AttemptClaim } from './rate-limits/rate-limit-store.ts'
export { resolveRateLimits } from './rate-limits/rate-limit-config.ts'
export type { RateLimitOptions, RateLimitSetting, RateLimitStoreKind, ResolvedRateLimits } from './rate-limits/rate-limit-config.ts'
export { DEFAULT_RATE_LIMIT_POLICIES, DEFAULT_SIGN_IN_BACKOFF } from './rate-limits/rate-limit-policies.ts'
export type { RateLimit, RateLimitPolicy, RateLimitKeyKind } from './rate-limits/rate-limit-policies.ts'
export { rateLimitsFromEnv } from './rate-limits/rate-limit-env.ts'
export { clientAddressFrom, parseTrustedProxies, UNKNOWN_CLIENT } from './network/trusted-proxies.ts'
export type { TrustedProxiesOption } from './network/trusted-proxies.ts'
export { PasswordHashingBusyError } from './passwords/hashing-queue.ts'
export type { HashingQueueOptions } from './passwords/hashing-queue.ts'
export { isCommonPassword } from './passwords/common-passwords.ts'
export type { NodeRequestBindings } from './express/request-gate.ts'
export type { SecurityHeadersOption } from './config.ts'
export { DEFAULT_CONTENT_SECURITY_POLICY, DEFAULT_STRICT_TRANSPORT_SECURITY } from './web/security-headers.ts'
export type { AuditEvent, AuditEventType, AuditDetails } from './audit/index.ts'
export { isDatabaseUnavailable } from './db/database-unavailable.ts'
