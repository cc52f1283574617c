import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { createTestCore, registration } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { createSqlSessionStore } from '../sessions/sql-session-store.ts'
import { createPostgresDatabase, onCleanup, probePostgres, skipReason } from '../../test/support/services.ts'
import type { Database } from './database.ts'
import { openDatabase, takePgbouncerFlag } from './database.ts'
import { sqliteHotReads } from './hot-reads.ts'

const postgresSkip = skipReason('PostgreSQL', await probePostgres())

forEachDialect((dialect) => {
  describe('the session lookup as a hot read (Database.prepareHotRead)', () => {
    test('should be offered by every database openDatabase opens', async () => {
      const core = await createTestCore(dialect)
      assert.equal(typeof core.database.prepareHotRead, 'function')
    })

    test('should not see a delete that a transaction still open on the database later rolls back', async () => {
      const core = await createTestCore(dialect)
      const registered = await core.registerAccount(registration('hot'))
      assert.ok(registered.ok)
      const { session } = await core.createSession(registered.user)
      const store = createSqlSessionStore(core.database)
      let lookup: ReturnType<typeof store.findWithPrincipal> | undefined
      await assert.rejects(
        core.database.db.transaction().execute(async (trx) => {
          await trx.deleteFrom('sessions').where('id', '=', session.id).execute()
          // Not awaited here: on SQLite the read waits for this transaction to end.
          lookup = store.findWithPrincipal(session.id)
          lookup.catch(() => {})
          throw new Error('roll back')
        }),
        /roll back/,
      )
      const found = await lookup
      assert.equal(found?.session.id, session.id)
      assert.equal(found?.user.id, registered.user.id)
    })

    test('should see a delete once its transaction commits', async () => {
      const core = await createTestCore(dialect)
      const registered = await core.registerAccount(registration('gone'))
      assert.ok(registered.ok)
      const { session } = await core.createSession(registered.user)
      const store = createSqlSessionStore(core.database)
      assert.ok(await store.findWithPrincipal(session.id))
      await core.database.db.transaction().execute((trx) => trx.deleteFrom('sessions').where('id', '=', session.id).execute())
      assert.equal(await store.findWithPrincipal(session.id), null)
    })

    test('should answer many lookups at once, each with its own session and user (batched on PostgreSQL)', async () => {
      const core = await createTestCore(dialect)
      const people = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const registered = await core.registerAccount(registration(`many${i}`))
          assert.ok(registered.ok)
          return { user: registered.user, account: registered.account, session: (await core.createSession(registered.user)).session }
        }),
      )
      const store = createSqlSessionStore(core.database)
      const ids = [...people.map((person) => person.session.id), 'unknown-session-id', ...people.map((person) => person.session.id).reverse()]
      const found = await Promise.all(Array.from({ length: 5 }, () => ids.map((id) => store.findWithPrincipal(id))).flat())
      const expected = ids.map((id) => people.find((person) => person.session.id === id))
      found.forEach((answer, i) => {
        const person = expected[i % ids.length]
        assert.equal(answer?.session.id, person?.session.id)
        assert.equal(answer?.user.email, person?.user.email)
        assert.equal(answer?.account.name, person?.account.name)
      })
    })

    test('should read once the current turn is over: a delete committed later in the same turn is seen (SQLite)', { skip: dialect.name !== 'sqlite' }, async () => {
      const core = await createTestCore(dialect)
      const registered = await core.registerAccount(registration('turn'))
      assert.ok(registered.ok)
      const { session } = await core.createSession(registered.user)
      const store = createSqlSessionStore(core.database)
      const reads = [store.findWithPrincipal(session.id), store.findWithPrincipal('no-such-session')]
      // Kysely's SQLite queries settle in microtasks: this delete commits within the same turn.
      await core.database.db.deleteFrom('sessions').where('id', '=', session.id).execute()
      assert.deepEqual(await Promise.all(reads), [null, null])
      const { session: other } = await core.createSession(registered.user)
      assert.equal((await store.findWithPrincipal(other.id))?.session.id, other.id)
    })

    test('should keep answering after a later migration adds a column to sessions', async () => {
      const core = await createTestCore(dialect)
      const registered = await core.registerAccount(registration('migrated'))
      assert.ok(registered.ok)
      const { session } = await core.createSession(registered.user)
      const store = createSqlSessionStore(core.database)
      // Prepared now (on PostgreSQL: named, on the pooled connection the next query reuses too).
      assert.equal((await store.findWithPrincipal(session.id))?.session.id, session.id)
      await sql`alter table sessions add column device_label text`.execute(core.database.db)
      for (let i = 0; i < 3; i++) assert.equal((await store.findWithPrincipal(session.id))?.session.id, session.id)
    })
  })
})

describe('hot reads on one SQLite connection (sqliteHotReads)', () => {
  const openLogged = () => {
    const statements: string[] = []
    const database = new BetterSqlite3(':memory:', { verbose: (text) => statements.push(String(text)) })
    onCleanup(async () => {
      database.close()
    })
    database.exec("create table keys (id text primary key, label text not null); insert into keys values ('a', 'A'), ('b', 'B'), ('c', 'C')")
    const db = new Kysely<{ keys: { id: string; label: string } }>({ dialect: new SqliteDialect({ database }) })
    const read = sqliteHotReads(database, db)('keys', db.selectFrom('keys').select(['id', 'label']).where('id', '=', '').compile())
    statements.length = 0
    return { database, db, read, statements }
  }
  // Rows come as their values: [id, label].
  const labels = (rows: unknown[][][]) => rows.map((found) => found[0]?.[1])

  test('should run the reads of one turn in a single read transaction, and close it', async () => {
    const { database, read, statements } = openLogged()
    const rows = await Promise.all([read(['a']), read(['c']), read(['missing'])])
    assert.deepEqual(labels(rows), ['A', 'C', undefined])
    assert.deepEqual(statements.map((text) => text.split(' ')[0]), ['BEGIN', 'select', 'select', 'select', 'COMMIT'])
    assert.equal(database.inTransaction, false)
  })

  test('should run a read alone without a transaction of its own', async () => {
    const { read, statements } = openLogged()
    assert.deepEqual(labels([await read(['b'])]), ['B'])
    assert.deepEqual(statements.map((text) => text.split(' ')[0]), ['select'])
  })

  test('should leave a transaction the app holds open to the app, and read after it ends', async () => {
    const { database, db, read, statements } = openLogged()
    let reads: Promise<unknown[][][]> | undefined
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('keys').set({ label: 'A2' }).where('id', '=', 'a').execute()
      reads = Promise.all([read(['a']), read(['b'])])
      // Their turn comes while this transaction is open: they wait for it through Kysely.
      await new Promise((resolve) => setImmediate(resolve))
    })
    assert.deepEqual(labels(await reads!), ['A2', 'B'])
    assert.deepEqual(statements.map((text) => text.split(' ')[0]), ['begin', 'update', 'commit', 'select', 'select'])
    assert.equal(database.inTransaction, false)
  })
})

describe('named prepared statements behind PgBouncer (?pgbouncer=true)', { skip: postgresSkip ?? false }, () => {
  const preparedByGatehouse = async (database: Database) => {
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from pg_prepared_statements where name like 'gatehouse_%'`.execute(database.db)
    return rows[0]?.count ?? 0
  }

  for (const [flag, expectNamed] of [['', true], ['?pgbouncer=true', false]] as const) {
    test(`should ${expectNamed ? '' : 'not '}prepare named statements with ${flag || 'a plain URL'}, and find the session either way`, async () => {
      const postgres = await createPostgresDatabase()
      onCleanup(postgres.drop)
      const core = await createTestCore({ name: 'postgres', databaseUrl: async () => `${postgres.url}${flag}` })
      const database = openDatabase(`${postgres.url}${flag}`)
      onCleanup(() => database.close())
      const registered = await core.registerAccount(registration('bouncer'))
      assert.ok(registered.ok)
      const { session } = await core.createSession(registered.user)
      const store = createSqlSessionStore(database)
      // One at a time: the pool hands the same idle connection back, where the statement would live.
      for (let i = 0; i < 3; i++) assert.equal((await store.findWithPrincipal(session.id))?.user.id, registered.user.id)
      assert.equal((await preparedByGatehouse(database)) > 0, expectNamed)
    })
  }
})

describe('takePgbouncerFlag', () => {
  test('should take the flag out of the URL and keep every other parameter as written', () => {
    assert.deepEqual(takePgbouncerFlag('postgres://a@h:6432/app?pgbouncer=true'), { url: 'postgres://a@h:6432/app', pgbouncer: true })
    assert.deepEqual(takePgbouncerFlag('postgres://a@h/app?sslmode=require&pgbouncer=true&options=-c%20x%3D1'), { url: 'postgres://a@h/app?sslmode=require&options=-c%20x%3D1', pgbouncer: true })
    assert.deepEqual(takePgbouncerFlag('postgres://a@h/app?pgbouncer=false'), { url: 'postgres://a@h/app', pgbouncer: false })
    assert.deepEqual(takePgbouncerFlag('postgres://a@h/app?sslmode=require'), { url: 'postgres://a@h/app?sslmode=require', pgbouncer: false })
    assert.deepEqual(takePgbouncerFlag('postgres://a@h/app'), { url: 'postgres://a@h/app', pgbouncer: false })
  })
})
