import type { GatehouseOptions } from './config.ts'
import { createGatehouseCore } from './core.ts'
import type { GatehouseCore } from './core.ts'
import { createGatehouseWeb } from './web/app.ts'
import type { GatehouseWeb } from './web/app.ts'
import type { Pages } from './web/pages/index.ts'
import './web/env.ts'

/** Options for `createGatehouse`: the core's, plus replaceable pages. */
export interface CreateGatehouseOptions extends GatehouseOptions {
  readonly pages?: Partial<Pages>
}

/** Everything an app uses: the core functions and the web layer, sharing one database. */
export type Gatehouse = GatehouseCore &
  GatehouseWeb & {
    /** The Gatehouse routes as a plain `(Request) => Promise<Response>` for any framework. */
    fetch(request: Request): Promise<Response>
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
export async function createGatehouse(options: CreateGatehouseOptions): Promise<Gatehouse> {
  const core = await createGatehouseCore(options)
  const web = createGatehouseWeb(core, { pages: options.pages ?? {} })
  return {
    ...core,
    ...web,
    fetch: async (request: Request) => web.app.fetch(request),
  }
}

export { createGatehouseCore } from './core.ts'
export type { GatehouseCore } from './core.ts'
export type { GatehouseWeb } from './web/app.ts'
export type { GatehouseOptions, ResolvedConfig } from './config.ts'
export { GatehouseConfigError } from './errors.ts'
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
export type { RegistrationInput, RegistrationResult } from './registration/register-account.ts'
export type { AuthenticationResult } from './authentication/authenticate-user.ts'
export type { UpdateRegistrationInput, UpdateRegistrationResult } from './registration/update-registration.ts'
export type { DeleteRegistrationResult } from './registration/delete-registration.ts'
export { safeRequestPath } from './web/redirects.ts'
export type { Pages } from './web/pages/index.ts'
export { loadEnvConfig } from './config/env.ts'
export type { EnvConfig } from './config/env.ts'
