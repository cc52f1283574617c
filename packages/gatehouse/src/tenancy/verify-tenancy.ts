import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { DialectName } from '../db/database.ts'
import { GatehouseConfigError } from '../errors.ts'
import { tenantIdentifiers } from './tenant-identifiers.ts'

/** What start-up checks of the tenancy configuration need to know besides the tables. */
export interface TenancyCheckOptions {
  readonly production: boolean
  /** Accept a PostgreSQL connection that bypasses row-level security in production. */
  readonly allowRowSecurityBypass?: boolean
  /** Where warnings go (default `console.warn`). */
  readonly warn?: (message: string) => void
}

/**
 * Start-up checks of `tenancy.tables` against the migrated database: every table must exist
 * with an `account_id` column (a typo would otherwise start fine and scope nothing). On
 * PostgreSQL, a connection whose role is a superuser or has BYPASSRLS, or a tenant table without
 * forced row-level security, turns the database wall off: a warning in development, an error in
 * production unless `allowRowSecurityBypass` says it is meant.
 *
 * @example
 * await verifyTenancy(database, new Set(['secrets']), { production: config.production })
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the app's schema is not known here
export async function verifyTenancy(database: { db: Kysely<any>; dialect: DialectName }, tables: ReadonlySet<string>, options: TenancyCheckOptions): Promise<void> {
  if (tables.size === 0) return
  const names = tenantIdentifiers(database.dialect, tables)
  const found = (await database.db.introspection.getTables()).filter((t) => names.isTenantTableName(t.name))
  for (const table of tables) {
    const matches = found.filter((t) => tenantIdentifiers(database.dialect, new Set([table])).isTenantTableName(t.name))
    if (matches.length === 0) throw new GatehouseConfigError(`tenancy.tables: ${table} does not exist after migrations (a typo would leave it unscoped)`)
    if (!matches.some((t) => t.columns.some((c) => c.name === 'account_id'))) throw new GatehouseConfigError(`tenancy.tables: ${table} has no account_id column`)
  }
  if (database.dialect !== 'postgres') return
  const problems = await rowSecurityBypasses(database.db, tables)
  if (problems.length === 0) return
  const message = `tenancy: row-level security is off for this connection (${problems.join('; ')}); only the library's scoping protects tenant tables. Connect tenant handles as a role without SUPERUSER/BYPASSRLS (see docs/multi-tenancy.md)`
  if (options.production && !options.allowRowSecurityBypass) throw new GatehouseConfigError(`${message}, or set tenancy.allowRowSecurityBypass: true`)
  ;(options.warn ?? console.warn)(`[gatehouse] ${message}`)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the app's schema is not known here
async function rowSecurityBypasses(db: Kysely<any>, tables: ReadonlySet<string>): Promise<string[]> {
  const role = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(db)
  const problems: string[] = []
  const current = role.rows[0]
  if (current?.rolsuper) problems.push(`role ${current.rolname} is a superuser`)
  else if (current?.rolbypassrls) problems.push(`role ${current.rolname} has BYPASSRLS`)
  const security = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
    select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c
    where c.relname in (${sql.join([...tables])}) and pg_catalog.pg_table_is_visible(c.oid)`.execute(db)
  for (const row of security.rows) {
    if (!row.relrowsecurity || !row.relforcerowsecurity) problems.push(`${row.relname} has no forced row-level security`)
  }
  return problems
}
