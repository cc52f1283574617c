import type { Kysely, Migration, Migrator } from 'kysely'
import type { DialectName } from '../../db/database.ts'
import { migrationSetDefinitions, migratorFor } from '../../db/migrator.ts'
import type { AnyExtensionManifest } from '../../extensions/manifest.ts'

/** Gatehouse's migrations, an extension's or the app's, with the Migrator that tracks them. */
export interface MigrationSet {
  /** `gatehouse`, the extension's name, or `app`. */
  readonly name: string
  readonly migrator: Migrator
}

/**
 * Gatehouse's set, then each switched-on extension's, then the app's (when it has
 * migrations): the order `migrate` applies them.
 *
 * @example
 * const sets = migrationSets(database.db, database.dialect, config.migrations ?? {}, config.extensions ?? [])
 */
export function migrationSets(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
  dialect: DialectName,
  appMigrations: Record<string, Migration>,
  extensions: readonly AnyExtensionManifest[] = [],
): MigrationSet[] {
  return migrationSetDefinitions(dialect, extensions, appMigrations).map((set) => ({ name: set.name, migrator: migratorFor(db, set.name, set.migrations) }))
}

/** How long something took, for humans: `840 ms`, `3.2 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** The message of a migration error, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
