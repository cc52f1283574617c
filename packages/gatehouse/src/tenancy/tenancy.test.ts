import assert from 'node:assert/strict'
import { before, beforeEach, describe, test } from 'node:test'
import { Hono } from 'hono'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { createTestGatehouse } from '../../test/support/app.ts'
import { TEST_SECRET } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { insertAccount, seedTenantRows, TENANT_TEST_TABLES, tenantTestMigrations, testTenancy } from '../../test/support/tenant-tables.ts'
import type { TenantFixture, TenantTestTables, TestTables } from '../../test/support/tenant-tables.ts'
import { GatehouseConfigError } from '../errors.ts'
import { createGatehouse, invitations } from '../index.ts'
import type { Gatehouse } from '../index.ts'
import { TENANT_SETTING } from './tenancy.ts'
import { TenantScopeError } from './tenant-scope-error.ts'

const GUARD_MESSAGE = /^"(projects|tasks)" is a tenant table: query it inside gatehouse\.withTenant\(accountId, \(db\) => …\) \(or, for admin jobs only, gatehouse\.unscopedDb\('why'\)\)$/

forEachDialect((dialect) => {
  describe('tenancy', () => {
    let gatehouse: Gatehouse<TenantTestTables>
    let raw: Kysely<TestTables>
    let f: TenantFixture

    before(async () => {
      gatehouse = (await createTestGatehouse(dialect, { migrations: tenantTestMigrations, tenancy: { tables: TENANT_TEST_TABLES }, extensions: [invitations()] })) as unknown as Gatehouse<TenantTestTables>
      raw = gatehouse.unscopedDb('test fixtures and ground truth')
      f = { a: await insertAccount(gatehouse, 'A'), b: await insertAccount(gatehouse, 'B') } as TenantFixture
    })

    beforeEach(async () => {
      f = await seedTenantRows(raw, f.a, f.b)
    })

    const countOf = async (table: 'projects' | 'tasks' | 'labels') => Number((await raw.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

    describe('the guarded gatehouse.db', () => {
      test('should refuse a tenant table in any position with a TenantScopeError that says what to do', async () => {
        const db = gatehouse.db
        const attempts: Array<[string, () => Promise<unknown>]> = [
          ['select', () => db.selectFrom('projects').selectAll().execute()],
          ['aliased select', () => db.selectFrom('projects as p').select('p.id').execute()],
          ['insert', () => db.insertInto('projects').values({ account_id: f.a, name: 'Sneaky' }).execute()],
          ['update', () => db.updateTable('tasks').set({ title: 'x' }).execute()],
          ['delete', () => db.deleteFrom('tasks').execute()],
          ['join', () => db.selectFrom('labels').innerJoin('projects', 'projects.name', 'labels.name').selectAll().execute()],
          ['left join', () => db.selectFrom('accounts').leftJoin('tasks', 'tasks.account_id', 'accounts.id').selectAll().execute()],
          ['subquery', () => db.selectFrom('labels').selectAll().where('name', 'in', (eb) => eb.selectFrom('projects').select('name')).execute()],
          ['CTE', () => db.with('p', (qb) => qb.selectFrom('projects').select('name')).selectFrom('p').selectAll().execute()],
          ['upsert', () => db.insertInto('labels').values({ name: 'red' }).onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ name: eb.selectFrom('projects').select('name').limit(1) }))).execute()],
        ]
        for (const [shape, attempt] of attempts) {
          await assert.rejects(attempt, (error) => error instanceof TenantScopeError && GUARD_MESSAGE.test(error.message), `${shape} was not refused`)
        }
        assert.equal(await countOf('projects'), 4, 'nothing was written')
        assert.equal(await countOf('tasks'), 3)
      })

      test('should throw before anything reaches the database (compile time)', () => {
        assert.throws(() => gatehouse.db.selectFrom('tasks').selectAll().compile(), TenantScopeError)
      })

      test('should work for non-tenant tables', async () => {
        await gatehouse.db.insertInto('labels').values({ name: 'green' }).execute()
        const labels = await gatehouse.db.selectFrom('labels').select('name').orderBy('name').execute()
        assert.deepEqual(labels, [{ name: 'blue' }, { name: 'green' }, { name: 'red' }])
        const accounts = await gatehouse.db.selectFrom('accounts').select('id').where('id', 'in', [f.a, f.b]).execute()
        assert.equal(accounts.length, 2)
        const updated = await gatehouse.db.updateTable('labels').set({ name: 'purple' }).where('name', '=', 'green').executeTakeFirst()
        assert.equal(Number(updated.numUpdatedRows), 1)
        await gatehouse.db.deleteFrom('labels').where('name', '=', 'purple').execute()
        assert.equal(await countOf('labels'), 2)
      })

      test('should stay guarded when the library scope is switched off (PostgreSQL), and refuse to switch it off on SQLite', async () => {
        if (dialect.name === 'sqlite') {
          assert.throws(() => testTenancy(gatehouse, { enforceInLibrary: false }), (error) => error instanceof GatehouseConfigError && /no row-level security/.test(error.message))
          return
        }
        const tenancy = testTenancy(gatehouse, { enforceInLibrary: false })
        await assert.rejects(() => tenancy.db.selectFrom('projects').selectAll().execute(), TenantScopeError)
      })
    })

    describe('unscopedDb', () => {
      test('should refuse a missing or blank reason', () => {
        for (const reason of ['', '   ', '\n', undefined, null, 42]) {
          assert.throws(() => gatehouse.unscopedDb(reason as never), (error) => error instanceof TenantScopeError && /needs a reason/.test(error.message), `reason ${JSON.stringify(reason)}`)
        }
      })

      test('should reach every account with a reason', async () => {
        const all = await gatehouse
          .unscopedDb('nightly usage report')
          .selectFrom('projects')
          .select(['account_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('account_id')
          .orderBy('account_id')
          .execute()
        assert.deepEqual(
          all.map((r) => [r.account_id, Number(r.n)]),
          [
            [f.a, 2],
            [f.b, 2],
          ],
        )
      })
    })

    describe('withTenant', () => {
      test('should refuse anything but a positive safe integer account id, before running the work', async () => {
        let ran = false
        for (const id of [0, -1, NaN, 1.5, Infinity, -Infinity, 2 ** 53, '1', null, undefined]) {
          await assert.rejects(
            gatehouse.withTenant(id as never, async () => {
              ran = true
            }),
            (error) => error instanceof TenantScopeError && /withTenant needs an account id/.test(error.message),
            `account id ${String(id)}`,
          )
        }
        assert.equal(ran, false)
      })

      test('should run the work in one transaction: a failure rolls its writes back', async () => {
        await assert.rejects(
          gatehouse.withTenant(f.a, async (db) => {
            await db.insertInto('projects').values({ name: 'Doomed' } as never).execute()
            throw new Error('boom')
          }),
          /boom/,
        )
        assert.equal(await raw.selectFrom('projects').select('id').where('name', '=', 'Doomed').executeTakeFirst(), undefined)
      })

      test('should set app.account_id for the transaction on PostgreSQL', { skip: dialect.name === 'sqlite' ? 'SQLite has no settings' : false }, async () => {
        const inside = await gatehouse.withTenant(f.b, (db) => sql<{ value: string }>`select current_setting(${TENANT_SETTING}, true) as value`.execute(db))
        assert.equal(inside.rows[0]?.value, String(f.b))
      })

      test('gatehouse.scoped should throw a TenantScopeError when nobody is signed in', async () => {
        const app = new Hono()
        let caught: unknown
        app.get('/x', (c) => gatehouse.scoped(c, async () => c.text('never')))
        app.onError((error, c) => {
          caught = error
          return c.text('error', 500)
        })
        assert.equal((await app.request('/x')).status, 500)
        assert.ok(caught instanceof TenantScopeError && /requireAuthenticated/.test(caught.message), `caught ${String(caught)}`)
      })
    })

    describe('composite foreign keys', () => {
      test("should refuse a row of account A pointing at account B's row, whatever handle writes it", async () => {
        await assert.rejects(gatehouse.withTenant(f.a, (db) => db.insertInto('tasks').values({ project_id: f.bApollo, title: 'crossing' } as never).execute()))
        await assert.rejects(raw.insertInto('tasks').values({ account_id: f.a, project_id: f.bApollo, title: 'crossing' }).execute(), 'even unscoped')
        await assert.rejects(gatehouse.withTenant(f.a, (db) => db.updateTable('tasks').set({ project_id: f.bBorealis }).where('id', '=', f.aWrite).execute()))
        await assert.rejects(raw.updateTable('projects').set({ account_id: f.b }).where('id', '=', f.aApollo).execute(), "A's tasks would point across accounts")
        assert.equal(await countOf('tasks'), 3)
        const own = await gatehouse.withTenant(f.a, (db) =>
          db.insertInto('tasks').values({ project_id: f.aZephyr, title: 'fine' } as never).returning(['account_id', 'project_id']).executeTakeFirstOrThrow(),
        )
        assert.deepEqual(own, { account_id: f.a, project_id: f.aZephyr })
      })

      test("should cascade an account's deletion to its tenant rows only", async () => {
        const c = await insertAccount(gatehouse, 'C')
        await gatehouse.withTenant(c, async (db) => {
          const { id } = await db.insertInto('projects').values({ name: 'Doomed' } as never).returning('id').executeTakeFirstOrThrow()
          await db.insertInto('tasks').values({ project_id: id, title: 'doomed' } as never).execute()
        })
        assert.equal(await countOf('tasks'), 4)
        await gatehouse.database.db.deleteFrom('accounts').where('id', '=', c).execute()
        assert.equal(await raw.selectFrom('projects').select('id').where('account_id', '=', c).executeTakeFirst(), undefined)
        assert.equal(await raw.selectFrom('tasks').select('id').where('account_id', '=', c).executeTakeFirst(), undefined)
        assert.equal(await countOf('projects'), 4)
        assert.equal(await countOf('tasks'), 3)
      })
    })

    test(
      'should fill account_id from the transaction setting on PostgreSQL when the library scope is off',
      { skip: dialect.name === 'sqlite' ? 'SQLite has no settings: the library scope is the only wall' : false },
      async () => {
        const tenancy = testTenancy(gatehouse, { enforceInLibrary: false })
        const row = await tenancy.withTenant(f.b, (db) => db.insertInto('projects').values({ name: 'Defaulted' } as never).returning('account_id').executeTakeFirstOrThrow())
        assert.equal(row.account_id, f.b)
        // Outside a tenant the default is NULL, and NOT NULL refuses the row.
        await assert.rejects(raw.insertInto('projects').values({ name: 'Nobody' } as never).execute(), /null value in column "account_id"/)
      },
    )

    describe('createTenancy', () => {
      test('should refuse a table name that is not a plain identifier', () => {
        for (const table of ['Secrets', 'secrets; drop table users', '', ' secrets', 'public.secrets', '1secrets', 'sec-rets', 'sécrets']) {
          assert.throws(() => testTenancy(gatehouse, { tables: [table] }), (error) => error instanceof GatehouseConfigError && /not a plain table name/.test(error.message), table)
        }
      })

      test("should refuse Gatehouse's own tables", () => {
        for (const table of ['accounts', 'users', 'sessions', 'invitations', 'gatehouse_migrations']) {
          assert.throws(() => testTenancy(gatehouse, { tables: ['projects', table] }), (error) => error instanceof GatehouseConfigError && /Gatehouse's own table/.test(error.message), table)
        }
      })

      test('createGatehouse should refuse a bad tenancy option at start-up', async () => {
        await assert.rejects(
          createGatehouse({ database: await dialect.databaseUrl(), secret: TEST_SECRET, publicUrl: 'http://localhost:4000', tenancy: { tables: ['users'] } }),
          GatehouseConfigError,
        )
      })
    })
  })
})
