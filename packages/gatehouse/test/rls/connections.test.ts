import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { Kysely, sql } from 'kysely'
import pg from 'pg'
import { TENANT_TABLES, tutorialMigrations } from '../../../../examples/tutorial/src/migrations.ts'
import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { createPostgresDialect } from '../../src/db/postgres.ts'
import type { GatehouseTables } from '../../src/db/schema.ts'
import { TestBrowser } from '../support/browser.ts'
import { TEST_SECRET } from '../support/core.ts'
import { checked, newRegistrant, unique } from '../support/http.ts'
import { onCleanup } from '../support/services.ts'
import { createRlsDeployment, rlsSkip, sqlState } from './deployment.ts'
import type { RlsDeployment } from './deployment.ts'

/**
 * The app role's connections: a pooled connection never carries a tenant from one request to the
 * next, and without a tenant (setting unset or empty) row-level security shows and accepts
 * nothing.
 */

const ORIGIN = 'http://localhost:4000'

interface ConnectionState {
  pid: number
  tenant: string | null
}

const stateOf = async (db: Kysely<GatehouseTables>): Promise<ConnectionState> => {
  const { rows } = await sql<ConnectionState>`select pg_backend_pid() as pid, current_setting('app.account_id', true) as tenant`.execute(db)
  const [row] = rows as [ConnectionState]
  return row
}

describe('app-role connections on the three-role PostgreSQL deployment', { skip: rlsSkip ?? false }, () => {
  let d: RlsDeployment
  let gatehouse: TutorialGatehouse
  /** The app role's pool of exactly one connection, which the tenancy handles use too. */
  let appDb: Kysely<GatehouseTables>
  let browserA: TestBrowser
  let accountA: number
  let secretCount: () => Promise<number>

  before(async () => {
    d = await createRlsDeployment(tutorialMigrations, TENANT_TABLES)
    appDb = new Kysely<GatehouseTables>({ dialect: createPostgresDialect(d.urls.app, 1).dialect })
    gatehouse = await createTutorialGatehouse({
      database: d.urls.auth,
      secret: TEST_SECRET,
      publicUrl: ORIGIN,
      migrate: false,
      tenancy: { database: { db: appDb, dialect: 'postgres', close: () => appDb.destroy() } },
    })
    onCleanup(() => gatehouse.close())
    const app = createTutorialApp(gatehouse)
    browserA = new TestBrowser(checked((request) => app.request(request)), ORIGIN)
    const user = newRegistrant()
    assert.equal((await browserA.register(user)).status, 302)
    accountA = Number((await d.admin<{ account_id: string }>('select account_id from users where email = $1', [user.email]))[0]?.account_id)
    await browserA.get('/secrets/new')
    assert.equal((await browserA.submit('/secrets', { 'secret[key]': `pooled-${unique()}`, 'secret[value]': 'A only' })).status, 302)
    secretCount = async () => Number((await d.admin<{ n: string }>('select count(*) as n from secrets'))[0]?.n)
  })

  describe('a pooled connection after a request for account A', () => {
    test('should carry no tenant: a plain query returns no rows and app.account_id is empty', async () => {
      const first = await stateOf(appDb)
      const page = await browserA.get('/secrets')
      assert.equal(page.status, 200)
      assert.match(browserA.lastHtml, /pooled-/, "A's request saw A's secret")
      const inside = await gatehouse.withTenant(accountA, (db) => stateOf(db as unknown as Kysely<GatehouseTables>))
      assert.deepEqual(inside, { pid: first.pid, tenant: String(accountA) }, 'the scoped transaction ran on the one pooled connection with the tenant set')

      const after = await stateOf(appDb)
      assert.equal(after.pid, first.pid, 'still the same connection')
      assert.ok(after.tenant === null || after.tenant === '', `app.account_id leaked to the next use: ${JSON.stringify(after.tenant)}`)
      const { rows } = await sql`select * from secrets`.execute(appDb)
      assert.deepEqual(rows, [])
      assert.ok((await secretCount()) > 0, 'there are rows to hide')
    })

    test('should carry no tenant after a scoped transaction that failed either', async () => {
      await assert.rejects(
        gatehouse.withTenant(accountA, async (db) => {
          await sql`select 1 from secrets`.execute(db)
          throw new Error('work failed')
        }),
        /work failed/,
      )
      const after = await stateOf(appDb)
      assert.ok(after.tenant === null || after.tenant === '', `app.account_id leaked: ${JSON.stringify(after.tenant)}`)
      assert.deepEqual((await sql`select id from secrets`.execute(appDb)).rows, [])
    })
  })

  describe('without a tenant (setting unset or empty)', () => {
    const now = Date.now()
    const insertFor = (db: Kysely<GatehouseTables>, accountId: number) =>
      sql`insert into secrets (account_id, key, value, inserted_at, updated_at) values (${accountId}, 'k', 'v', ${now}, ${now})`.execute(db)

    test('should show, change and delete nothing, and refuse every insert', async () => {
      const before = await secretCount()
      assert.deepEqual((await sql`select * from secrets`.execute(appDb)).rows, [])
      assert.equal(Number((await sql`update secrets set value = 'x'`.execute(appDb)).numAffectedRows), 0)
      assert.equal(Number((await sql`delete from secrets`.execute(appDb)).numAffectedRows), 0)
      await assert.rejects(insertFor(appDb, accountA), (error) => sqlState(error) === '42501' && /row-level security/.test(String(error)))
      await assert.rejects(
        sql`insert into secrets (key, value, inserted_at, updated_at) values ('k', 'v', ${now}, ${now})`.execute(appDb),
        // The account_id default is NULL without a tenant; the policy refuses the row first.
        (error) => sqlState(error) === '42501' || sqlState(error) === '23502',
      )
      assert.equal(await secretCount(), before)
      assert.deepEqual((await d.admin("select count(*)::int as n from secrets where value = 'x'"))[0], { n: 0 })
    })

    test('should deny the same with app.account_id set to an empty string', async () => {
      const client = new pg.Client({ connectionString: d.urls.app })
      await client.connect()
      try {
        await client.query(`select set_config('app.account_id', '', false)`)
        assert.deepEqual((await client.query('select * from secrets')).rows, [])
        assert.equal((await client.query(`update secrets set value = 'x'`)).rowCount, 0)
        await assert.rejects(
          client.query('insert into secrets (account_id, key, value, inserted_at, updated_at) values ($1, $2, $3, $4, $4)', [accountA, 'k', 'v', now]),
          (error) => sqlState(error) === '42501',
        )
      } finally {
        await client.end()
      }
    })

    test('unscopedDb should see nothing as the app role: row-level security still applies', async () => {
      const rows = await gatehouse.unscopedDb('admin report').selectFrom('secrets').selectAll().execute()
      assert.deepEqual(rows, [])
    })
  })
})
