import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestCore, registration } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { createSqlSessionStore } from '../sessions/sql-session-store.ts'
import { createPostgresDatabase, onCleanup, probePostgres, skipReason } from '../../test/support/services.ts'
import type { Database } from './database.ts'
import { openDatabase, takePgbouncerFlag } from './database.ts'

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
