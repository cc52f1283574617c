import type { GatehouseOptions, ResolvedConfig } from './config.ts'
import { resolveConfig } from './config.ts'
import type { CoreContext } from './context.ts'
import { openDatabase } from './db/database.ts'
import type { Database } from './db/database.ts'
import { assertMigrated, migrateToLatest } from './db/migrator.ts'
import type { MigrationReport } from './db/migrator.ts'
import { createPasswordHasher } from './passwords/index.ts'
import { EventBus } from './events.ts'
import { replacePassword } from './passwords/replace-password.ts'
import { openSessionStore } from './sessions/open-session-store.ts'
import type { OpenedSessionStore } from './sessions/open-session-store.ts'
import type { Redis } from './redis/connect-redis.ts'
import { createMailService } from './mail/mail-service.ts'
import type { MailService } from './mail/mail-service.ts'
import { authenticateUser } from './authentication/authenticate-user.ts'
import { registerAccount } from './registration/register-account.ts'
import { updateRegistration } from './registration/update-registration.ts'
import { deleteRegistration } from './registration/delete-registration.ts'
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  pruneExpiredSessions,
  rotateSession,
  validateSessionToken,
} from './sessions/sessions.ts'

type BoundTo<F> = F extends (ctx: CoreContext, ...args: infer A) => infer R ? (...args: A) => R : never

/** The framework-free part of Gatehouse: every use case bound to one database and config. */
export interface GatehouseCore {
  readonly config: ResolvedConfig
  readonly context: CoreContext
  readonly database: Database
  /** The node's Redis connection when `sessionStore` is Redis (for other Redis stores to share), else null. */
  readonly redis: Redis | null
  readonly registerAccount: BoundTo<typeof registerAccount>
  readonly authenticateUser: BoundTo<typeof authenticateUser>
  readonly updateRegistration: BoundTo<typeof updateRegistration>
  readonly deleteRegistration: BoundTo<typeof deleteRegistration>
  readonly replacePassword: BoundTo<typeof replacePassword>
  readonly createSession: BoundTo<typeof createSession>
  readonly validateSessionToken: BoundTo<typeof validateSessionToken>
  readonly rotateSession: BoundTo<typeof rotateSession>
  readonly invalidateSession: BoundTo<typeof invalidateSession>
  readonly invalidateUserSessions: BoundTo<typeof invalidateUserSessions>
  readonly pruneExpiredSessions: BoundTo<typeof pruneExpiredSessions>
  /** Mail: queued in the caller's transaction, delivered after commit. */
  readonly mail: MailService
  /** Applies pending migrations (Gatehouse's, then the app's) and returns the report. */
  migrate(): Promise<MigrationReport[]>
  /** Closes the database connections. */
  close(): Promise<void>
}

/**
 * Builds the core without any web layer: for jobs, CLIs and other frameworks.
 *
 * @example
 * const core = await createGatehouseCore({ database: 'sqlite:./data/dev.sqlite', secret, publicUrl })
 * const result = await core.authenticateUser({ email, password })
 */
export async function createGatehouseCore(options: GatehouseOptions): Promise<GatehouseCore> {
  const config = resolveConfig(options)
  const database = typeof options.database === 'string' ? openDatabase(options.database) : options.database
  let sessions: OpenedSessionStore
  try {
    sessions = await openSessionStore(config.sessionStore, database.db, config.sessionPolicy)
  } catch (error) {
    await database.close()
    throw error
  }
  const context: CoreContext = Object.freeze({
    db: database.db,
    dialect: database.dialect,
    clock: config.clock,
    passwords: createPasswordHasher(config.argon2),
    sessions: sessions.store,
    sessionPolicy: config.sessionPolicy,
    events: new EventBus(),
  })
  const migrate = () => migrateToLatest(database.db, database.dialect, config.migrations)
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
  const bind = <A extends unknown[], R>(fn: (ctx: CoreContext, ...args: A) => R) => (...args: A): R => fn(context, ...args)
  return {
    config,
    context,
    database,
    redis: sessions.redis,
    registerAccount: bind(registerAccount),
    authenticateUser: bind(authenticateUser),
    updateRegistration: bind(updateRegistration),
    deleteRegistration: bind(deleteRegistration),
    replacePassword: bind(replacePassword),
    createSession: bind(createSession),
    validateSessionToken: bind(validateSessionToken),
    rotateSession: bind(rotateSession),
    invalidateSession: bind(invalidateSession),
    invalidateUserSessions: bind(invalidateUserSessions),
    pruneExpiredSessions: bind(pruneExpiredSessions),
    mail,
    migrate,
    async close() {
      await mail.stop()
      await sessions.close()
      await database.close()
    },
  }
}
