import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, test } from 'node:test'
import { sql } from 'kysely'
import { GatehouseConfigError } from '../errors.ts'
import { createTestCore, registration } from '../../test/support/core.ts'
import { countRows } from '../../test/support/db.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { onCleanup } from '../../test/support/services.ts'
import { openDatabase, parseDatabaseUrl } from './database.ts'
import { migrateToLatest } from './migrator.ts'

describe('parseDatabaseUrl', () => {
  test('should resolve a relative sqlite path against the working directory', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:./data/dev.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/srv/app/data/dev.sqlite' })
    assert.deepEqual(parseDatabaseUrl('sqlite:data/dev.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/srv/app/data/dev.sqlite' })
    assert.deepEqual(parseDatabaseUrl('sqlite:../shared/db.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/srv/shared/db.sqlite' })
  })

  test('should default the base directory to process.cwd()', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:./x.sqlite'), { dialect: 'sqlite', path: resolve(process.cwd(), 'x.sqlite') })
  })

  test('should keep an absolute sqlite path, with or without sqlite://', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/app.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/var/lib/app.sqlite' })
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/app.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/var/lib/app.sqlite' })
  })

  test('should recognise sqlite::memory:', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:', '/srv/app'), { dialect: 'sqlite', path: ':memory:' })
  })

  test('should pass postgres:// and postgresql:// URLs through unchanged', () => {
    const url = 'postgres://user:p%40ss@db.internal:5432/app?sslmode=require'
    assert.deepEqual(parseDatabaseUrl(url), { dialect: 'postgres', url })
    assert.deepEqual(parseDatabaseUrl('postgresql://localhost/app'), { dialect: 'postgres', url: 'postgresql://localhost/app' })
  })

  for (const junk of ['', 'sqlite:', 'mysql://localhost/app', 'postgres:/localhost/app', 'http://localhost', './data/dev.sqlite', 'SQLITE:./x', ' sqlite:./x', 'postgres']) {
    test(`should throw GatehouseConfigError for ${JSON.stringify(junk)}`, () => {
      assert.throws(() => parseDatabaseUrl(junk), GatehouseConfigError)
    })
  }

  test('should not echo the password of a URL with a mistyped scheme in the error', () => {
    assert.throws(() => parseDatabaseUrl('postgress://app:hunter2@db.internal/app'), (error: Error) => {
      assert.ok(error instanceof GatehouseConfigError)
      assert.ok(!error.message.includes('hunter2'), error.message)
      assert.match(error.message, /postgress:\/\/\*\*\*@db\.internal/)
      return true
    })
  })

  test('should show at most the first 40 characters of a bad URL', () => {
    assert.throws(() => parseDatabaseUrl(`junk:${'y'.repeat(100)}`), (error: Error) => error.message.includes(`"junk:${'y'.repeat(35)}"`))
  })
})

describe('openDatabase (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-db-test-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('should turn foreign keys ON', async () => {
    const database = openDatabase('sqlite::memory:')
    onCleanup(() => database.close())
    const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db)
    assert.deepEqual(rows, [{ foreign_keys: 1 }])
    assert.equal(database.dialect, 'sqlite')
  })

  test('should create missing directories for a file database and use WAL', async () => {
    const path = join(dir, 'nested', 'deeper', 'app.sqlite')
    const database = openDatabase(`sqlite:${path}`)
    onCleanup(() => database.close())
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db)
    assert.deepEqual(rows, [{ journal_mode: 'wal' }])
    assert.ok(existsSync(path))
  })

  test('should keep data in a file database across reopening', async () => {
    const url = `sqlite:${join(dir, 'persist.sqlite')}`
    const first = openDatabase(url)
    await migrateToLatest(first.db, first.dialect)
    await first.db.insertInto('accounts').values({ name: 'Kept', normalized_name: 'kept', inserted_at: 1, updated_at: 1 }).execute()
    await first.close()
    const second = openDatabase(url)
    onCleanup(() => second.close())
    assert.deepEqual(await second.db.selectFrom('accounts').select('name').execute(), [{ name: 'Kept' }])
  })
})

forEachDialect((dialect) => {
  describe('the migrated schema', () => {
    test('should enforce foreign keys and cascade deleting an account to its users and sessions', async () => {
      const core = await createTestCore(dialect)
      const now = Date.now()
      await assert.rejects(
        core.database.db.insertInto('users').values({ account_id: 424242, email: 'orphan@example.com', password_hash: null, role: 'owner', inserted_at: now, updated_at: now }).execute(),
        /foreign key/i,
      )
      const result = await core.registerAccount(registration('cascade'))
      assert.ok(result.ok)
      const kept = await core.registerAccount(registration('kept'))
      assert.ok(kept.ok)
      await core.createSession(result.user)
      await core.createSession(kept.user)
      await core.database.db.deleteFrom('accounts').where('id', '=', result.account.id).execute()
      assert.equal(await countRows(core, 'users'), 1)
      assert.equal(await countRows(core, 'sessions'), 1)
      assert.equal(await countRows(core, 'accounts'), 1)
    })

    test('should refuse a role other than owner, admin or member', async () => {
      const core = await createTestCore(dialect)
      const result = await core.registerAccount(registration('role'))
      assert.ok(result.ok)
      await assert.rejects(
        sql`update users set role = 'superuser' where id = ${result.user.id}`.execute(core.database.db),
        /check constraint/i,
      )
    })

    test('should hand back ids and timestamps as numbers', async () => {
      const core = await createTestCore(dialect)
      const result = await core.registerAccount(registration('numbers'))
      assert.ok(result.ok)
      const row = await core.database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
      assert.equal(typeof row.id, 'number')
      assert.equal(typeof row.account_id, 'number')
      assert.equal(typeof row.inserted_at, 'number')
      const session = await core.createSession(result.user)
      const stored = await core.database.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow()
      assert.equal(stored.expires_at, session.session.expiresAt)
      assert.equal(typeof stored.user_id, 'number')
    })
  })
})
