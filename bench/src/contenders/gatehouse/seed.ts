import { rmSync } from 'node:fs'
import pg from 'pg'
import { createGatehouseCore } from '@gatehouse-auth/gatehouse'
import { tutorialMigrations } from '../../../../examples/tutorial/src/migrations.ts'
import { tutorialExtensions } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { announceReady, readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { BENCH_PASSWORD, BENCH_SECRET } from '../../harness/dataset.ts'
import type { GatehouseTarget } from './database-target.ts'
import { databaseUrlOf } from './database-target.ts'
import { seedGatehousePostgres } from './seed-postgres.ts'
import { seedGatehouseSqlite } from './seed-sqlite.ts'

/**
 * Child entry: creates a fresh Gatehouse database (migrated, then seeded) and reports how long it
 * took. The schema is the tutorial's (Gatehouse's tables, its extensions' and the app's own
 * secrets), a superset of what the minimal contender needs, so both serve the same database.
 */
export interface GatehouseSeedConfig {
  readonly target: GatehouseTarget
  readonly size: DatasetSize
}

const config = readChildConfig<GatehouseSeedConfig>()
const started = performance.now()
await createEmptyDatabase(config.target)
const core = await createGatehouseCore({
  database: databaseUrlOf(config.target),
  secret: BENCH_SECRET,
  publicUrl: 'http://127.0.0.1',
  migrate: true,
  migrations: tutorialMigrations,
  extensions: tutorialExtensions(),
})
// The production hasher with its default parameters, so sign-in verifies a real hash.
const passwordHash = await core.context.passwords.hash(BENCH_PASSWORD)
await core.close()
if (config.target.kind === 'sqlite') seedGatehouseSqlite(config.target.path, config.size, passwordHash)
else await seedGatehousePostgres(databaseUrlOf(config.target), config.size, passwordHash)
announceReady({ seconds: (performance.now() - started) / 1000 })

async function createEmptyDatabase(target: GatehouseTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(target.path + suffix, { force: true })
    return
  }
  const admin = new pg.Client({ connectionString: target.adminUrl })
  await admin.connect()
  try {
    await admin.query(`drop database if exists "${target.name}" with (force)`)
    await admin.query(`create database "${target.name}"`)
  } finally {
    await admin.end()
  }
}
