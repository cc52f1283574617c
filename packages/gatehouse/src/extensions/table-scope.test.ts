import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { ExtensionTableError, scopeToTables, unscoped } from './table-scope.ts'

interface Tables {
  users: { id: number; email: string }
  secrets: { id: number; user_id: number }
  notes: { id: number; user_id: number }
}

async function openDb(): Promise<Kysely<Tables>> {
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) })
  await sql`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)`.execute(db)
  await sql`CREATE TABLE secrets (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL)`.execute(db)
  await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL)`.execute(db)
  await db.insertInto('users').values({ id: 1, email: 'ada@example.com' }).execute()
  await db.insertInto('notes').values({ id: 1, user_id: 1 }).execute()
  return db
}

const refusal = (table: string) => (error: unknown) =>
  error instanceof ExtensionTableError && error.message.includes(`the demo extension queried "${table}"`)

describe('scopeToTables', () => {
  it('should run queries on the tables it was given, aliased, joined, qualified or in a CTE', async () => {
    const db = scopeToTables(await openDb(), 'demo', ['users', 'secrets'])
    await db.insertInto('secrets').values({ id: 7, user_id: 1 }).execute()
    const joined = await db
      .selectFrom('secrets as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 'u.email'])
      .execute()
    assert.deepEqual(joined, [{ id: 7, email: 'ada@example.com' }])
    const viaCte = await db
      .with('mine', (q) => q.selectFrom('secrets').select('id').where('user_id', '=', 1))
      .selectFrom('mine')
      .select('id')
      .execute()
    assert.deepEqual(viaCte, [{ id: 7 }])
    await db.updateTable('users').set({ email: 'ada@example.org' }).where('id', '=', 1).execute()
    await db.deleteFrom('secrets').where('id', '=', 7).execute()
  })

  it('should refuse any statement that names another table, before it reaches the database', async () => {
    const raw = await openDb()
    const db = scopeToTables(raw, 'demo', ['users', 'secrets'])
    await assert.rejects(db.selectFrom('notes').selectAll().execute(), refusal('notes'))
    await assert.rejects(db.selectFrom('users').innerJoin('notes', 'notes.user_id', 'users.id').selectAll().execute(), refusal('notes'))
    await assert.rejects(
      db
        .selectFrom('users')
        .where('id', 'in', (q) => q.selectFrom('notes').select('user_id'))
        .selectAll()
        .execute(),
      refusal('notes'),
    )
    await assert.rejects(db.insertInto('notes').values({ id: 2, user_id: 1 }).execute(), refusal('notes'))
    await assert.rejects(db.updateTable('notes').set({ user_id: 2 }).execute(), refusal('notes'))
    await assert.rejects(db.deleteFrom('notes').execute(), refusal('notes'))
    // Nothing was written by the refused statements.
    assert.deepEqual(await raw.selectFrom('notes').selectAll().execute(), [{ id: 1, user_id: 1 }])
  })

  it('should compare names the way SQL does, whatever their case', async () => {
    const db = scopeToTables(await openDb(), 'demo', ['USERS'])
    const rows = await db.selectFrom('users').select('id').execute()
    assert.deepEqual(rows, [{ id: 1 }])
  })

  it('should keep the scope inside the transactions of a scoped handle, and drop it with unscoped on the same transaction', async () => {
    const raw = await openDb()
    const db = scopeToTables(raw, 'demo', ['users'])
    await assert.rejects(
      db.transaction().execute((trx) => trx.selectFrom('notes').selectAll().execute()),
      refusal('notes'),
    )
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await unscoped<Tables>(trx).deleteFrom('users').execute()
        throw new Error('roll back')
      }),
      /roll back/,
    )
    // unscoped(trx) ran inside the rolled-back transaction, not on a connection of its own.
    assert.equal((await raw.selectFrom('users').selectAll().execute()).length, 1)
  })
})
