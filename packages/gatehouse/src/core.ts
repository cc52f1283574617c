import type { GatehouseOptions, ResolvedConfig } from './config.ts'
import { resolveConfig } from './config.ts'
import type { CoreContext } from './context.ts'
import { openDatabase } from './db/database.ts'
import type { Database } from './db/database.ts'
import { assertMigrated, migrateToLatest } from './db/migrator.ts'
import type { MigrationReport } from './db/migrator.ts'
import { createHashingQueue, createPasswordHasher } from './passwords/index.ts'
import { createDummyHashChooser } from './passwords/dummy-hashes.ts'
import { openRateLimitStore } from './rate-limits/open-rate-limit-store.ts'
import { createRateLimiter } from './rate-limits/rate-limiter.ts'
import type { RateLimiter } from './rate-limits/rate-limiter.ts'
import type { RateLimitStore } from './rate-limits/rate-limit-store.ts'
import { EventBus } from './events.ts'
import { replacePassword } from './passwords/replace-password.ts'
import { openSessionStore } from './sessions/open-session-store.ts'
import type { OpenedSessionStore } from './sessions/open-session-store.ts'
import type { Redis } from './redis/connect-redis.ts'
import { createMailService } from './mail/mail-service.ts'
import { auditDefinitions, CORE_EVENT_DEFINITIONS, createAuditRecorder, listAccountAuditEvents, subscribeAuditLog, UNKNOWN_ORIGIN } from './audit/index.ts'
import type { AuditDefinitions, AuditEvent, AuditOrigin } from './audit/index.ts'
import type { AnyExtensionManifest } from './extensions/manifest.ts'
import type { MailService } from './mail/mail-service.ts'
import { authenticateUser } from './authentication/authenticate-user.ts'
import { resumeSignIn, signIn, signOut } from './authentication/sign-in.ts'
import type { ResumeSignInResult, SignInResult, SignInSteps, StartedSession } from './authentication/sign-in.ts'
import { buildRulesKit, collectRules } from './extensions/rules-kit.ts'
import { registerAccount } from './registration/register-account.ts'
import type { RegistrationInput } from './registration/register-account.ts'
import { registerAndSignIn } from './registration/register-and-sign-in.ts'
import type { RegisterAndSignInResult, RegistrationSteps } from './registration/register-and-sign-in.ts'
import { updateRegistration } from './registration/update-registration.ts'
import { deleteRegistration, previewRegistrationDeletion } from './registration/delete-registration.ts'
import { createSqlPrincipalLookup } from './sessions/sql-principal-lookup.ts'
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  invalidateUserSession,
  listUserSessions,
  pruneExpiredSessions,
  rotateSession,
  validateSessionToken,
} from './sessions/sessions.ts'

type BoundTo<F> = F extends (ctx: CoreContext, ...args: infer A) => infer R ? (...args: A) => R : never

/** The use cases that act for someone: what `actingFrom` binds to a request's origin. */
type ActingUseCases = Pick<
  GatehouseCore,
  'registerAccount' | 'registerAndSignIn' | 'authenticateUser' | 'signIn' | 'resumeSignIn' | 'signOut' | 'updateRegistration' | 'deleteRegistration' | 'replacePassword'
>

/** The framework-free part of Gatehouse: every use case bound to one database and config. */
export interface GatehouseCore {
  readonly config: ResolvedConfig
  readonly context: CoreContext
  readonly database: Database
  /** The node's Redis connection when `sessionStore` is Redis (for other Redis stores to share), else null. */
  readonly redis: Redis | null
  /** Creates an account and its owner, and nothing else: no extension rule runs, nobody is signed in (see `registerAndSignIn`). */
  readonly registerAccount: BoundTo<typeof registerAccount>
  /**
   * Registers and signs the new owner in, with every extension's rules (one may mail a
   * confirmation link and hold the new user); `steps` hooks the named steps and may name the
   * client's address (`clientAddress`) for the rules' rate limits.
   */
  registerAndSignIn<Answer = never, Started = StartedSession>(input: RegistrationInput, steps?: RegistrationSteps<Answer, Started>): Promise<RegisterAndSignInResult<Answer, Started>>
  /** Checks credentials only; to sign someone in, use `signIn` (it runs the extensions' checks too). */
  readonly authenticateUser: BoundTo<typeof authenticateUser>
  /**
   * Signs a user in: credentials, every extension's sign-in check (e.g. a confirmed email), a new
   * session, and the `sign_in.succeeded` event. `steps` lets a caller hook the named steps.
   */
  signIn<Answer = never, Started extends object = StartedSession>(input: { email?: unknown; password?: unknown }, steps?: SignInSteps<Answer, Started>): Promise<SignInResult<Answer, Started>>
  /**
   * Finishes a sign-in one extension held (`releasedBy`, e.g. a second factor) once its step is
   * done: the other extensions' checks, the session and `sign_in.succeeded`, as in `signIn`.
   */
  resumeSignIn(userId: number, releasedBy: string, steps?: Pick<SignInSteps<never>, 'startSession'>): Promise<ResumeSignInResult>
  /** Ends a session and emits `sign_out`. */
  readonly signOut: BoundTo<typeof signOut>
  readonly updateRegistration: BoundTo<typeof updateRegistration>
  readonly deleteRegistration: BoundTo<typeof deleteRegistration>
  /** What `deleteRegistration` would do now (the confirmation page says it before anything is lost). */
  readonly previewRegistrationDeletion: BoundTo<typeof previewRegistrationDeletion>
  readonly replacePassword: BoundTo<typeof replacePassword>
  readonly createSession: BoundTo<typeof createSession>
  readonly validateSessionToken: BoundTo<typeof validateSessionToken>
  readonly rotateSession: BoundTo<typeof rotateSession>
  readonly invalidateSession: BoundTo<typeof invalidateSession>
  readonly invalidateUserSessions: BoundTo<typeof invalidateUserSessions>
  readonly invalidateUserSession: BoundTo<typeof invalidateUserSession>
  readonly listUserSessions: BoundTo<typeof listUserSessions>
  readonly pruneExpiredSessions: BoundTo<typeof pruneExpiredSessions>
  /** Mail: queued in the caller's transaction, delivered after commit. */
  readonly mail: MailService
  /** Counts requests per action and client, email or token (`rateLimits`); the web layer asks it before each protected action. */
  readonly rateLimiter: RateLimiter
  /**
   * Tells password hashing that the app is serving a request that never hashes (a page view):
   * for the next second at most `passwordHashingQueue.concurrencyWhileServing` hashes run at
   * once, so a core stays free for such requests. Gatehouse's middleware calls it on every GET
   * and HEAD; another framework's adapter can do the same. Cheap: it only records the time.
   *
   * @example
   * app.use((c, next) => { if (c.req.method === 'GET') core.noteInteractiveRequest(); return next() })
   */
  noteInteractiveRequest(): void
  /** The audit log of authentication events (recorded from Gatehouse's events as they happen). */
  readonly audit: {
    /** An account's events, newest first (default 50, at most 500). */
    listAccountEvents(accountId: number, options?: { limit?: number }): Promise<AuditEvent[]>
    /** How each audited event reads (label, details), Gatehouse's and the extensions'. */
    readonly definitions: AuditDefinitions
  }
  /** The switched-on extensions' manifests, in order. */
  readonly extensions: readonly AnyExtensionManifest[]
  /** Applies pending migrations (Gatehouse's, then the app's) and returns the report. */
  migrate(): Promise<MigrationReport[]>
  /** Closes the database connections. */
  close(): Promise<void>
  /**
   * The same core, its use cases acting from `origin`: the audit events they emit record that
   * address and browser. Without it they record none (a CLI, a job). The web layer calls it once
   * per request that changes something; it only binds functions.
   *
   * @example
   * await core.actingFrom({ ip: '203.0.113.7', userAgent: 'Firefox' }).signIn({ email, password })
   */
  actingFrom(origin: AuditOrigin): GatehouseCore
}

/**
 * Builds the core without any web layer: for jobs, CLIs and other frameworks.
 *
 * @example
 * const core = await createGatehouseCore({ database: 'sqlite:./data/dev.sqlite', secret, publicUrl })
 * const result = await core.signIn({ email, password })
 */
export async function createGatehouseCore(options: GatehouseOptions): Promise<GatehouseCore> {
  const config = resolveConfig(options)
  const database = typeof options.database === 'string' ? openDatabase(options.database) : options.database
  let sessions: OpenedSessionStore
  try {
    sessions = await openSessionStore(config.sessionStore, database, config.sessionPolicy)
  } catch (error) {
    await database.close()
    throw error
  }
  let rateLimitStore: RateLimitStore | null
  try {
    rateLimitStore = openRateLimitStore(config.rateLimits, database, sessions.redis, config.sessionStore.kind === 'redis' ? config.sessionStore.keyPrefix : undefined)
  } catch (error) {
    await sessions.close()
    await database.close()
    throw error
  }
  const hashingQueue = createHashingQueue(config.passwordHashingQueue)
  const context: CoreContext = Object.freeze({
    db: database.db,
    database,
    dialect: database.dialect,
    clock: config.clock,
    passwords: createPasswordHasher(config.argon2, hashingQueue, createDummyHashChooser(database.db, config.secret, () => config.clock.now())),
    sessions: sessions.store,
    sessionPolicy: config.sessionPolicy,
    events: new EventBus(),
    origin: UNKNOWN_ORIGIN,
  })
  const extensions = options.extensions ?? []
  const audited = auditDefinitions([CORE_EVENT_DEFINITIONS, ...extensions.map((e) => (e.events ?? {}) as Record<string, never>)])
  subscribeAuditLog(context.events, audited, createAuditRecorder(database, config.clock))
  const findPrincipal = createSqlPrincipalLookup(database.db)
  const migrate = () => migrateToLatest(database.db, database.dialect, config.migrations, options.extensions ?? [])
  if (config.migrate) {
    try {
      assertMigrated(await migrate())
    } catch (error) {
      await sessions.close()
      await database.close()
      throw error
    }
  }
  const mail = createMailService(
    { db: database.db, dialect: database.dialect, clock: config.clock, publicOrigin: config.publicOrigin, production: config.production },
    config.mail,
  )
  const rateLimiter = createRateLimiter({ store: rateLimitStore, config: config.rateLimits, secret: config.secret, clock: config.clock })
  const rules = collectRules(
    extensions,
    buildRulesKit({ db: database.db, clock: config.clock, hashPassword: (password) => context.passwords.hash(password), outbox: mail, rateLimiter }),
  )
  const bind = <A extends unknown[], R>(fn: (ctx: CoreContext, ...args: A) => R) => (...args: A): R => fn(context, ...args)
  const actingUseCases = (acting: CoreContext): ActingUseCases => ({
    registerAccount: (...args) => registerAccount(acting, ...args),
    registerAndSignIn: (input, steps) => registerAndSignIn(acting, rules, input, steps),
    authenticateUser: (...args) => authenticateUser(acting, ...args),
    signIn: (input, steps) => signIn(acting, rules.signIn, input, steps),
    resumeSignIn: (userId, releasedBy, steps) => resumeSignIn(acting, rules.signIn, findPrincipal, userId, releasedBy, steps),
    signOut: (...args) => signOut(acting, ...args),
    updateRegistration: (...args) => updateRegistration(acting, ...args),
    deleteRegistration: (...args) => deleteRegistration(acting, ...args),
    replacePassword: (...args) => replacePassword(acting, ...args),
  })
  const core: GatehouseCore = {
    config,
    context,
    database,
    redis: sessions.redis,
    ...actingUseCases(context),
    previewRegistrationDeletion: bind(previewRegistrationDeletion),
    createSession: bind(createSession),
    validateSessionToken: bind(validateSessionToken),
    rotateSession: bind(rotateSession),
    invalidateSession: bind(invalidateSession),
    invalidateUserSessions: bind(invalidateUserSessions),
    invalidateUserSession: bind(invalidateUserSession),
    listUserSessions: bind(listUserSessions),
    pruneExpiredSessions: bind(pruneExpiredSessions),
    mail,
    rateLimiter,
    noteInteractiveRequest: () => hashingQueue.noteInteractiveRequest(),
    audit: { listAccountEvents: (accountId, options) => listAccountAuditEvents(database.db, accountId, options), definitions: audited },
    extensions,
    migrate,
    async close() {
      await mail.stop()
      await sessions.close()
      await database.close()
    },
    actingFrom: (origin) => ({ ...core, ...actingUseCases(Object.freeze({ ...context, origin })) }),
  }
  return core
}
