import { Migrator } from 'kysely'
import type { Kysely, Migration, MigrationResultSet } from 'kysely'
import type { DialectName } from './database.ts'
import { coreTables } from './migrations/0001-core-tables.ts'
import { mailOutboxTable } from './migrations/0002-mail-outbox.ts'
import { retiredExtensionTables } from './migrations/0003-retired.ts'
import { rateLimitsTable } from './migrations/0004-rate-limits.ts'
import { auditEventsTable } from './migrations/0005-audit-events.ts'
import { userTokensTable } from './migrations/0006-user-tokens.ts'
import type { AnyExtensionManifest } from '../extensions/manifest.ts'

/** Gatehouse's migrations, in order. Names never change once released. */
export function gatehouseMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_core_tables': coreTables(dialect),
    '0002_mail_outbox': mailOutboxTable(dialect),
    // Extensions create their own tables now; see 0003-retired.ts.
    '0003_extension_tables': retiredExtensionTables,
    '0004_rate_limits': rateLimitsTable(),
    '0005_audit_events': auditEventsTable(dialect),
    '0006_user_tokens': userTokensTable(dialect),
  }
}

/** One set's outcome, as a CLI prints it: `gatehouse`, an extension's name, or `app`. */
export interface MigrationReport {
  readonly set: string
  readonly results: MigrationResultSet
}

/** One set of migrations with its own bookkeeping table: Gatehouse's, an extension's, or the app's. */
export interface MigrationSetDefinition {
  /** `gatehouse`, the extension's name, or `app`. */
  readonly name: string
  readonly migrations: Record<string, Migration>
}

/**
 * Gatehouse's set, then each switched-on extension's that has migrations, then the app's: the
 * order they are applied in.
 *
 * @example
 * migrationSetDefinitions('sqlite', [auditTrail()], appMigrations).map((s) => s.name) // ['gatehouse', 'audit_trail', 'app']
 */
export function migrationSetDefinitions(dialect: DialectName, extensions: readonly AnyExtensionManifest[], appMigrations: Record<string, Migration>): MigrationSetDefinition[] {
  const sets: MigrationSetDefinition[] = [{ name: 'gatehouse', migrations: gatehouseMigrations(dialect) }]
  for (const extension of extensions) {
    const migrations = extension.migrations?.(dialect) ?? {}
    if (Object.keys(migrations).length > 0) sets.push({ name: extension.name, migrations })
  }
  if (Object.keys(appMigrations).length > 0) sets.push({ name: 'app', migrations: appMigrations })
  return sets
}

/** The bookkeeping table of a set: `gatehouse_migrations`, `gatehouse_<extension>_migrations`, `app_migrations`. */
export function migrationTableOf(set: string): string {
  return set === 'gatehouse' || set === 'app' ? `${set}_migrations` : `gatehouse_${set}_migrations`
}

/** A Kysely Migrator for one set, each with its own bookkeeping tables (the CLI steps through it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
export function migratorFor(db: Kysely<any>, set: string, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Separate bookkeeping tables: Gatehouse or an extension can add a migration later without
    // it sorting "before" an app migration that already ran, and switching an extension off
    // leaves no applied migration that cannot be found.
    migrationTableName: migrationTableOf(set),
    migrationLockTableName: `${migrationTableOf(set)}_lock`,
  })
}

/**
 * Brings Gatehouse's tables, then each extension's, then the app's own, up to date. Does not
 * throw on a failed migration: the report says which one failed and why (Kysely's convention,
 * which suits a CLI); later sets do not run on a broken schema.
 *
 * @example
 * const reports = await migrateToLatest(db, 'sqlite', { '0001_secrets': secretsMigration }, config.extensions)
 * if (reports.some((r) => r.results.error)) process.exit(1)
 */
export async function migrateToLatest(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
  dialect: DialectName,
  appMigrations: Record<string, Migration> = {},
  extensions: readonly AnyExtensionManifest[] = [],
): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = []
  for (const set of migrationSetDefinitions(dialect, extensions, appMigrations)) {
    const results = await migratorFor(db, set.name, set.migrations).migrateToLatest()
    reports.push({ set: set.name, results })
    if (results.error) break
  }
  return reports
}

/** Throws the first migration error of a report; for apps that migrate at start-up. */
export function assertMigrated(reports: MigrationReport[]): void {
  for (const report of reports) {
    if (report.results.error) {
      const failed = report.results.results?.find((r) => r.status === 'Error')
      const cause = report.results.error
      throw new Error(`${report.set} migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    }
  }
}
