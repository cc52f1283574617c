import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database, DialectName } from '../db/database.ts'
import { GatehouseConfigError } from '../errors.ts'
import { TenantScopeError } from './tenant-scope-error.ts'
import { sealPlugins } from './sealed-handle.ts'
import { tenantGuardPlugin, tenantScopePlugin } from './tenant-scope-plugin.ts'

/** The PostgreSQL setting row-level security policies read; local to each transaction. */
export const TENANT_SETTING = 'app.account_id'

/**
 * Gatehouse's own tables (identity, tokens, migration bookkeeping; every `gatehouse_*` table
 * too): never tenant tables. They are reached through Gatehouse's functions, before the tenant
 * is known (sign-in). Extensions' tables are added from their manifests.
 */
const GATEHOUSE_OWN_TABLES: ReadonlySet<string> = new Set([
  'accounts',
  'users',
  'sessions',
  'mail_outbox',
  'user_tokens',
  'audit_events',
  'rate_limits',
  'gatehouse_migrations',
  'gatehouse_migrations_lock',
  'app_migrations',
  'app_migrations_lock',
])

/** Which tables are tenant-owned, and how strictly the library scopes them. */
export interface TenancyOptions {
  /** Tables with an `account_id` column that belong to one account each (e.g. `['secrets']`). */
  readonly tables?: readonly string[]
  /**
   * Where tenant handles connect. Defaults to Gatehouse's own database; on PostgreSQL this is
   * where an app using row-level security passes its restricted role's connection.
   */
  readonly database?: string | Database
  /**
   * Rewrite scoped queries in the library (default true). Switching it off leaves only
   * PostgreSQL's row-level security: tests do that to prove the database wall holds alone.
   */
  readonly enforceInLibrary?: boolean
  /**
   * PostgreSQL: start even in production when the tenant connection bypasses row-level security
   * (a superuser or BYPASSRLS role, or a tenant table without forced RLS). Default false: that
   * is a start-up error in production and a warning otherwise.
   */
  readonly allowRowSecurityBypass?: boolean
}

/** Tenant-scoped data access for an app's tables. */
export interface Tenancy<DB> {
  readonly tables: ReadonlySet<string>
  /**
   * The app's handle for everything that is not tenant-owned; a query naming a tenant table
   * throws a `TenantScopeError`.
   */
  readonly db: Kysely<DB>
  /**
   * Runs `work` in a transaction bound to one account: every select, update and delete on a
   * tenant table is filtered by `account_id`, every insert gets this `account_id`, and on
   * PostgreSQL `app.account_id` is set for the transaction only, so row-level security
   * applies too and a pooled connection never carries the tenant to the next request.
   *
   * @example
   * const secrets = await tenancy.withTenant(account.id, (db) => db.selectFrom('secrets').selectAll().execute())
   */
  withTenant<T>(accountId: number, work: (db: Kysely<DB>) => Promise<T>): Promise<T>
  /**
   * The escape hatch for admin jobs that must cross accounts. Greppable on purpose; the reason
   * is required so a reviewer sees why. Row-level security still applies on PostgreSQL unless
   * the connection's role bypasses it.
   *
   * @example
   * const all = await tenancy.unscopedDb('nightly usage report').selectFrom('secrets').select('account_id').execute()
   */
  unscopedDb(reason: string): Kysely<DB>
}

/**
 * @example
 * const tenancy = createTenancy(database, { tables: ['secrets'] }, gatehouse.extensions.flatMap((e) => e.tables ?? []))
 */
export function createTenancy<DB>(database: { db: Kysely<DB>; dialect: DialectName }, options: TenancyOptions = {}, extensionTables: readonly string[] = []): Tenancy<DB> {
  const own = new Set([...GATEHOUSE_OWN_TABLES, ...extensionTables])
  const tables = new Set(options.tables ?? [])
  for (const table of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new GatehouseConfigError(`tenancy.tables: ${JSON.stringify(table)} is not a plain table name`)
    if (own.has(table) || table.startsWith('gatehouse_')) {
      throw new GatehouseConfigError(`tenancy.tables: ${table} is Gatehouse's own table and is reached through Gatehouse's functions`)
    }
  }
  const enforce = options.enforceInLibrary ?? true
  if (!enforce && database.dialect === 'sqlite') {
    throw new GatehouseConfigError('tenancy.enforceInLibrary: false would leave SQLite with no wall at all (it has no row-level security)')
  }
  const raw = database.db
  const guarded = tables.size > 0 ? sealPlugins(raw.withPlugin(tenantGuardPlugin(tables, database.dialect)), 'the tenant guard') : raw
  return {
    tables,
    db: guarded,
    async withTenant(accountId, work) {
      if (!Number.isSafeInteger(accountId) || accountId <= 0) throw new TenantScopeError(`withTenant needs an account id, got ${String(accountId)}`)
      return raw.transaction().execute(async (trx) => {
        if (database.dialect === 'postgres') await sql`select set_config(${TENANT_SETTING}, ${String(accountId)}, true)`.execute(trx)
        return work(enforce ? sealPlugins(trx.withPlugin(tenantScopePlugin(tables, accountId, database.dialect)), 'the tenant scope') : trx)
      })
    },
    unscopedDb(reason) {
      if (typeof reason !== 'string' || reason.trim() === '') throw new TenantScopeError('unscopedDb needs a reason, e.g. unscopedDb("nightly export")')
      return raw
    },
  }
}
