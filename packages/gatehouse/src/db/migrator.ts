import { Migrator } from 'kysely'
import type { Kysely, Migration, MigrationResultSet } from 'kysely'
import type { DialectName } from './database.ts'
import { coreTables } from './migrations/0001-core-tables.ts'
import { mailOutboxTable } from './migrations/0002-mail-outbox.ts'
import { extensionTables } from './migrations/0003-extension-tables.ts'
import { rateLimitsTable } from './migrations/0004-rate-limits.ts'
import { auditEventsTable } from './migrations/0005-audit-events.ts'

/** Gatehouse's migrations, in order. Names never change once released. */
export function gatehouseMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_core_tables': coreTables(dialect),
    '0002_mail_outbox': mailOutboxTable(dialect),
    '0003_extension_tables': extensionTables(dialect),
    '0004_rate_limits': rateLimitsTable(),
    '0005_audit_events': auditEventsTable(dialect),
  }
}

/** One migration's outcome, as a CLI prints it. */
export interface MigrationReport {
  readonly set: 'gatehouse' | 'app'
  readonly results: MigrationResultSet
}

/** A Kysely Migrator for one set, Gatehouse's or the app's, each with its own bookkeeping tables (the CLI steps through it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
export function migratorFor(db: Kysely<any>, set: 'gatehouse' | 'app', migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Separate bookkeeping tables: Gatehouse can add a migration later without it sorting
    // "before" an app migration that already ran.
    migrationTableName: set === 'gatehouse' ? 'gatehouse_migrations' : 'app_migrations',
    migrationLockTableName: set === 'gatehouse' ? 'gatehouse_migrations_lock' : 'app_migrations_lock',
  })
}

/**
 * Brings Gatehouse's tables, then the app's own, up to date. Does not throw on a failed
 * migration: the report says which one failed and why (Kysely's convention, which suits a CLI).
 *
 * @example
 * const reports = await migrateToLatest(db, 'sqlite', { '0001_secrets': secretsMigration })
 * if (reports.some((r) => r.results.error)) process.exit(1)
 */
export async function migrateToLatest(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
  dialect: DialectName,
  appMigrations: Record<string, Migration> = {},
): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = []
  const core = await migratorFor(db, 'gatehouse', gatehouseMigrations(dialect)).migrateToLatest()
  reports.push({ set: 'gatehouse', results: core })
  if (core.error) return reports
  if (Object.keys(appMigrations).length > 0) {
    reports.push({ set: 'app', results: await migratorFor(db, 'app', appMigrations).migrateToLatest() })
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
