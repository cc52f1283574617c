import type { Kysely } from 'kysely'
import type { Clock } from './clock.ts'
import type { Database, DialectName } from './db/database.ts'
import type { EventBus } from './events.ts'
import type { AuditOrigin } from './audit/audit-origin.ts'
import type { GatehouseTables } from './db/schema.ts'
import type { PasswordHasher } from './passwords/index.ts'
import type { SessionStore } from './sessions/session-store.ts'
import type { SessionPolicy } from './sessions/session-policy.ts'

/**
 * What every core function works with. Built once by `createGatehouse`; core functions take it
 * as their first argument so they stay plain functions that tests can call directly.
 */
export interface CoreContext {
  readonly db: Kysely<GatehouseTables>
  /**
   * The opened database `db` belongs to, when Gatehouse opened it: the per-sign-in lookup runs
   * on it as a statement compiled once (`prepareStatement`) instead of through Kysely.
   */
  readonly database?: Database
  readonly dialect: DialectName
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly sessions: SessionStore
  readonly sessionPolicy: SessionPolicy
  /** Extensions subscribe here (e.g. to end their own tokens when a password changes). */
  readonly events: EventBus
  /** Who the use cases act for: passed with every event they emit (see `GatehouseCore.actingFrom`). */
  readonly origin: AuditOrigin
}
