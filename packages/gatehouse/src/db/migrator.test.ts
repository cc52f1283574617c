import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import { createTestCore } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import type { DialectTarget } from '../../test/support/dialects.ts'
import { onCleanup } from '../../test/support/services.ts'
import { openDatabase } from './database.ts'
import { addIdColumn } from './migrations/columns.ts'
import { assertMigrated, gatehouseMigrations, migrateToLatest } from './migrator.ts'
import type { MigrationReport } from './migrator.ts'

async function freshDatabase(dialect: DialectTarget) {
  const database = openDatabase(await dialect.databaseUrl())
  onCleanup(() => database.close())
  return database
}

/** Every Gatehouse migration, in order: what a fresh database must end up with. */
const ALL_GATEHOUSE = Object.keys(gatehouseMigrations('sqlite'))

const applied = (report: MigrationReport | undefined) => report?.results.results?.map((r) => `${r.migrationName}:${r.status}`)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: the migrations create it
async function migrationNames(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(db)
  return rows.map((r) => r.name)
}

forEachDialect((dialect) => {
  describe('migrateToLatest', () => {
    test('should create the core tables once and apply nothing on a second run', async () => {
      const { db, dialect: name } = await freshDatabase(dialect)
      const first = await migrateToLatest(db, name)
      assert.deepEqual(first.map((r) => r.set), ['gatehouse'])
      assert.equal(first[0]?.results.error, undefined)
      assert.deepEqual(applied(first[0]), ALL_GATEHOUSE.map((name) => `${name}:Success`))
      for (const table of ['accounts', 'users', 'sessions']) {
        await sql`select count(*) from ${sql.table(table)}`.execute(db) // throws if missing
      }

      const second = await migrateToLatest(db, name)
      assert.equal(second[0]?.results.error, undefined)
      assert.deepEqual(applied(second[0]), [])
      assert.deepEqual(await migrationNames(db, 'gatehouse_migrations'), Object.keys(gatehouseMigrations(name)))
    })

    test('should run the app\'s migrations after Gatehouse\'s, tracked in app_migrations', async () => {
      const { db, dialect: name } = await freshDatabase(dialect)
      const order: string[] = []
      const appMigrations: Record<string, Migration> = {
        '0001_projects': {
          async up(appDb: Kysely<unknown>) {
            // Gatehouse's tables must already exist: the app's tables reference accounts.
            const { rows } = await sql<{ n: number | string }>`select count(*) as n from gatehouse_migrations`.execute(appDb)
            order.push(`projects after ${rows[0]?.n} gatehouse migration(s)`)
            await appDb.schema
              .createTable('projects')
              .$call((t) => addIdColumn(t, name))
              .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
              .addColumn('title', 'text', (c) => c.notNull())
              .execute()
          },
        },
        '0002_seed': {
          async up(appDb: Kysely<unknown>) {
            order.push('seed')
            await sql`insert into accounts (name, normalized_name, inserted_at, updated_at) values ('Seed', 'seed', 1, 1)`.execute(appDb)
          },
        },
      }
      const reports = await migrateToLatest(db, name, appMigrations)
      assert.deepEqual(reports.map((r) => r.set), ['gatehouse', 'app'])
      assert.equal(reports[1]?.results.error, undefined)
      assert.deepEqual(applied(reports[1]), ['0001_projects:Success', '0002_seed:Success'])
      assert.deepEqual(order, [`projects after ${Object.keys(gatehouseMigrations(name)).length} gatehouse migration(s)`, 'seed'])
      assert.deepEqual(await migrationNames(db, 'app_migrations'), ['0001_projects', '0002_seed'])
      assert.deepEqual(await migrationNames(db, 'gatehouse_migrations'), ALL_GATEHOUSE)

      const again = await migrateToLatest(db, name, appMigrations)
      assert.deepEqual(again.map(applied), [[], []])
      assert.deepEqual(order, [`projects after ${ALL_GATEHOUSE.length} gatehouse migration(s)`, 'seed'], 'no migration ran twice')
    })

    test('should report a failed app migration without throwing, and assertMigrated should throw naming it', async () => {
      const { db, dialect: name } = await freshDatabase(dialect)
      const reports = await migrateToLatest(db, name, {
        '0001_broken': { up: async (appDb: Kysely<unknown>) => void (await sql`select * from no_such_table`.execute(appDb)) },
      })
      assert.equal(reports[0]?.results.error, undefined)
      assert.ok(reports[1]?.results.error)
      assert.deepEqual(applied(reports[1]), ['0001_broken:Error'])
      assert.throws(() => assertMigrated(reports), /^Error: app migration 0001_broken failed: .*no_such_table/)
      assert.deepEqual(await migrationNames(db, 'gatehouse_migrations'), ALL_GATEHOUSE, 'Gatehouse\'s own migrations stay applied')
    })

    test('should not run the app\'s migrations when Gatehouse\'s fail', async () => {
      const { db, dialect: name } = await freshDatabase(dialect)
      await sql`create table accounts (id integer)`.execute(db) // the core migration will collide with it
      let ran = false
      const reports = await migrateToLatest(db, name, { '0001_app': { up: async () => void (ran = true) } })
      assert.deepEqual(reports.map((r) => r.set), ['gatehouse'])
      assert.ok(reports[0]?.results.error)
      assert.equal(ran, false)
      assert.throws(() => assertMigrated(reports), /gatehouse migration 0001_core_tables failed/)
    })

    test('should let createGatehouseCore refuse to start when a migration fails', async () => {
      await assert.rejects(
        createTestCore(dialect, { migrations: { '0001_broken': { up: async () => { throw new Error('broken app migration') } } } }),
        /app migration 0001_broken failed: broken app migration/,
      )
    })

    test('should leave the database alone when createGatehouseCore is told not to migrate, until migrate() is called', async () => {
      const core = await createTestCore(dialect, { migrate: false })
      await assert.rejects(sql`select count(*) from accounts`.execute(core.database.db))
      const reports = await core.migrate()
      assert.doesNotThrow(() => assertMigrated(reports))
      assert.deepEqual(applied(reports[0]), ALL_GATEHOUSE.map((name) => `${name}:Success`))
      assert.ok((await core.registerAccount({ email: 'late@example.com', password: 'a'.repeat(12), password_confirmation: 'a'.repeat(12), account_name: 'Late' })).ok)
    })
  })
})

describe('assertMigrated', () => {
  test('should not throw for reports without errors', () => {
    assert.doesNotThrow(() => assertMigrated([]))
    assert.doesNotThrow(() => assertMigrated([{ set: 'gatehouse', results: { results: [] } }]))
  })

  test('should throw with the error as its cause, even when the failed migration is unknown', () => {
    const cause = new Error('could not acquire the migration lock')
    assert.throws(
      () => assertMigrated([{ set: 'gatehouse', results: { error: cause } }]),
      (error: Error) => error.message === 'gatehouse migration (unknown) failed: could not acquire the migration lock' && error.cause === cause,
    )
  })
})
