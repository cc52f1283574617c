import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import BetterSqlite3 from 'better-sqlite3'
import { onCleanup } from '../../test/support/services.ts'
import { startSqliteCheckpointer } from './sqlite-checkpointer.ts'
import { createSqliteDialect, WAL_AUTOCHECKPOINT_BACKSTOP } from './sqlite.ts'

const ROW_BYTES = 16 * 1024
/** 2 MiB a batch: past the checkpointer's 1 MiB start, far below the 40 MiB backstop. */
const ROWS_PER_BATCH = 128

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-checkpointer-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshPath = () => join(dir, `db-${++files}.sqlite`)

function rowBody(id: number): Buffer {
  return Buffer.alloc(ROW_BYTES, id % 251)
}

function writeBatch(database: BetterSqlite3.Database, firstId: number): void {
  const insert = database.prepare('insert into blobs (id, body) values (?, ?)')
  for (let id = firstId; id < firstId + ROWS_PER_BATCH; id += 1) insert.run(id, rowBody(id))
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function assertRowsReadBack(path: string, count: number): void {
  const reader = new BetterSqlite3(path, { readonly: true })
  try {
    const rows = reader.prepare('select id, body from blobs order by id').all() as { id: number; body: Buffer }[]
    assert.equal(rows.length, count)
    for (const [index, row] of rows.entries()) {
      assert.equal(row.id, index + 1)
      assert.ok(row.body.equals(rowBody(row.id)), `row ${row.id} reads back as written`)
    }
  } finally {
    reader.close()
  }
}

describe('the SQLite checkpointer', () => {
  test('should copy the WAL into the database file from its thread, below the backstop', async () => {
    const path = freshPath()
    const { database, checkpointer, close } = createSqliteDialect(path)
    onCleanup(close)
    database.exec('create table blobs (id integer primary key, body blob not null)')
    assert.equal(checkpointer?.running, false)
    writeBatch(database, 1)
    // SQLite's own checkpoint waits for 10000 pages: only the thread can grow the file this soon.
    await waitFor('the database file holds the first batch', () => statSync(path).size >= ROWS_PER_BATCH * ROW_BYTES)
    assert.equal(checkpointer?.running, true)
    writeBatch(database, ROWS_PER_BATCH + 1)
    await waitFor('the database file holds both batches', () => statSync(path).size >= 2 * ROWS_PER_BATCH * ROW_BYTES)
    assertRowsReadBack(path, 2 * ROWS_PER_BATCH)
    await close()
    assert.equal(checkpointer?.running, false)
    assert.equal(existsSync(`${path}-wal`), false, 'the last connection closed and removed the WAL')
    assertRowsReadBack(path, 2 * ROWS_PER_BATCH)
  })

  test("should raise the app connection's wal_autocheckpoint to the backstop", async () => {
    const { database, close } = createSqliteDialect(freshPath())
    onCleanup(close)
    assert.equal(database.pragma('wal_autocheckpoint', { simple: true }), WAL_AUTOCHECKPOINT_BACKSTOP)
  })

  test('should start no checkpointer for :memory:, and keep SQLite’s default there', async () => {
    const { database, checkpointer, close } = createSqliteDialect(':memory:')
    onCleanup(close)
    assert.equal(checkpointer, undefined)
    assert.equal(database.pragma('wal_autocheckpoint', { simple: true }), 1000)
  })

  test('should not start its thread while the WAL stays small', async () => {
    const { database, checkpointer, close } = createSqliteDialect(freshPath())
    onCleanup(close)
    database.exec('create table blobs (id integer primary key, body blob not null)')
    database.prepare('insert into blobs (id, body) values (1, ?)').run(rowBody(1))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.equal(checkpointer?.running, false)
  })

  test('should restart a thread that dies three times, then give up with one line on stderr', async (t) => {
    const path = freshPath()
    // A WAL without its database file: the thread (fileMustExist) fails to open it every time.
    writeFileSync(`${path}-wal`, Buffer.alloc(2 * 1024 * 1024))
    const errors = t.mock.method(console, 'error', () => {})
    let gaveUp = 0
    const checkpointer = startSqliteCheckpointer(path, { onGiveUp: () => (gaveUp += 1) })
    onCleanup(() => checkpointer.stop())
    await waitFor('the checkpointer gives up', () => gaveUp > 0)
    assert.equal(checkpointer.running, false)
    assert.equal(errors.mock.callCount(), 1)
    assert.match(String(errors.mock.calls[0]?.arguments[0]), /SQLite checkpointer of .*db-\d+\.sqlite stopped \(.*\) and is left off/)
    assert.equal(gaveUp, 1)
  })

  for (const closes of [true, false]) {
    test(`should let a process that writes and ${closes ? 'closes' : 'never closes'} its database exit by itself`, async () => {
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
      const databaseModule = fileURLToPath(new URL('./database.ts', import.meta.url))
      const path = freshPath()
      const fill = `create table blobs (id integer primary key, body blob not null);
with recursive ids(id) as (select 1 union all select id + 1 from ids where id < ${ROWS_PER_BATCH})
insert into blobs select id, zeroblob(${ROW_BYTES}) from ids`
      const script = `import { statSync } from 'node:fs'
import { sql } from 'kysely'
import { openDatabase } from ${JSON.stringify(databaseModule)}
const database = openDatabase(${JSON.stringify(`sqlite:${path}`)})
for (const statement of ${JSON.stringify(fill)}.split(';')) await sql.raw(statement).execute(database.db)
const checkpointed = setInterval(async () => {
  if (statSync(${JSON.stringify(path)}).size < ${ROWS_PER_BATCH * ROW_BYTES}) return
  clearInterval(checkpointed)
  ${closes ? 'await database.close()' : ''}
  console.log('checkpointed')
}, 50)`
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('.', import.meta.url)), timeout: 30_000 })
      assert.equal(stdout, 'checkpointed\n')
      if (closes) assert.equal(existsSync(`${path}-wal`), false, 'the thread’s connection closed too, so the last close removed the WAL')
      const reader = new BetterSqlite3(path, { readonly: true })
      try {
        assert.deepEqual(reader.prepare('select count(*) as rows, min(length(body)) as bytes from blobs').get(), { rows: ROWS_PER_BATCH, bytes: ROW_BYTES })
      } finally {
        reader.close()
      }
    })
  }
})
