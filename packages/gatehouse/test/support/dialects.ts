import { describe } from 'node:test'
import type { DialectName } from '../../src/db/database.ts'
import { createPostgresDatabase, onCleanup, probePostgres, skipReason } from './services.ts'

export interface DialectTarget {
  readonly name: DialectName
  /** A fresh, empty database URL for this test (each call gets its own database). */
  databaseUrl(): Promise<string>
}

const sqlite: DialectTarget = { name: 'sqlite', databaseUrl: async () => 'sqlite::memory:' }

const postgres: DialectTarget = {
  name: 'postgres',
  async databaseUrl() {
    const database = await createPostgresDatabase()
    onCleanup(database.drop)
    return database.url
  },
}

const postgresSkip = skipReason('PostgreSQL', await probePostgres())

/**
 * Runs a suite once per database dialect (Kysely's convention): SQLite always, PostgreSQL when
 * reachable (skipped with the reason printed otherwise, required in CI).
 *
 * @example
 * forEachDialect((dialect) => { test('registers', async () => { const url = await dialect.databaseUrl() }) })
 */
export function forEachDialect(suite: (dialect: DialectTarget) => void): void {
  describe('sqlite', () => suite(sqlite))
  describe('postgres', { skip: postgresSkip ?? false }, () => suite(postgres))
}
