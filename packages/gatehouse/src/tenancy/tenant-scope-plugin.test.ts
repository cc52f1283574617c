import assert from 'node:assert/strict'
import { before, beforeEach, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Compilable, Kysely } from 'kysely'
import { createTestCore } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { insertAccount, seedTenantRows, TENANT_TEST_TABLES, tenantTestMigrations, testTenancy } from '../../test/support/tenant-tables.ts'
import type { TenantFixture, TestTables } from '../../test/support/tenant-tables.ts'
import type { GatehouseCore } from '../core.ts'
import type { Tenancy } from './tenancy.ts'
import { TenantScopeError } from './tenant-scope-error.ts'
import { tenantScopePlugin } from './tenant-scope-plugin.ts'

/** The compiled SQL with PostgreSQL's `$n` placeholders written as `?`, so both dialects compare alike. */
function compiled(query: Compilable): { sql: string; parameters: readonly unknown[] } {
  const { sql: text, parameters } = query.compile()
  return { sql: text.replace(/\$\d+/g, '?'), parameters }
}

forEachDialect((dialect) => {
  describe('tenant scope plugin', () => {
    let core: GatehouseCore
    let tenancy: Tenancy<TestTables>
    let raw: Kysely<TestTables>
    let f: TenantFixture

    before(async () => {
      core = await createTestCore(dialect, { migrations: tenantTestMigrations })
      tenancy = testTenancy(core)
      raw = tenancy.unscopedDb('test fixtures and ground truth')
      const a = await insertAccount(core, 'A')
      const b = await insertAccount(core, 'B')
      f = { a, b } as TenantFixture
    })

    beforeEach(async () => {
      f = await seedTenantRows(raw, f.a, f.b)
    })

    const inA = <T>(work: (db: Kysely<TestTables>) => Promise<T>) => tenancy.withTenant(f.a, work)
    const project = (id: number) => raw.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst()
    const projectsOf = async (account: number) =>
      (await raw.selectFrom('projects').select('name').where('account_id', '=', account).orderBy('name').execute()).map((r) => r.name)

    describe('select', () => {
      test('should return only the scope account rows, with where and orderBy applied', async () => {
        const all = await inA((db) => db.selectFrom('projects').select(['id', 'name']).orderBy('name', 'desc').execute())
        assert.deepEqual(all, [
          { id: f.aZephyr, name: 'Zephyr' },
          { id: f.aApollo, name: 'Apollo' },
        ])
        const apollo = await inA((db) => db.selectFrom('projects').select('id').where('name', '=', 'Apollo').execute())
        assert.deepEqual(apollo, [{ id: f.aApollo }], "B's Apollo has the same name and must not appear")
      })

      test("should not find the other account's row by id, nor by asking for its account_id", async () => {
        assert.equal(await inA((db) => db.selectFrom('projects').selectAll().where('id', '=', f.bApollo).executeTakeFirst()), undefined)
        assert.deepEqual(await inA((db) => db.selectFrom('projects').selectAll().where('account_id', '=', f.b).execute()), [])
        const counted = await inA((db) => db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
        assert.equal(Number(counted.n), 2)
      })

      test('should keep the filter when the query has its own raw-SQL condition with OR', async () => {
        // Regression: `where(sql\`a or b\`)` is not parenthesised by Kysely; without parentheses
        // the scope's `and account_id = …` bound only to `b` and B's Apollo leaked.
        const rows = await inA((db) =>
          db
            .selectFrom('projects')
            .select('id')
            .where(sql<boolean>`name = 'Apollo' or name = 'Borealis'`)
            .execute(),
        )
        assert.deepEqual(rows, [{ id: f.aApollo }])
        const joined = await inA((db) =>
          db
            .selectFrom('projects as p')
            .innerJoin('tasks as t', (join) => join.on(sql<boolean>`t.title = 'b-write' or t.project_id = p.id`))
            .select('t.id')
            .orderBy('t.id')
            .execute(),
        )
        assert.deepEqual(
          joined.map((r) => r.id),
          [f.aWrite, f.aReview],
          "B's task must not join through the raw OR",
        )
      })

      test('should filter through table aliases', async () => {
        const rows = await inA((db) =>
          db
            .selectFrom('projects as p')
            .select('p.id')
            .where('p.id', 'in', [f.aApollo, f.bApollo, f.bBorealis])
            .execute(),
        )
        assert.deepEqual(rows, [{ id: f.aApollo }])
      })

      test('should scope both sides of an inner join', async () => {
        // Joining projects to projects by name would pair A's Apollo with B's without the scope.
        const rows = await inA((db) =>
          db
            .selectFrom('projects as mine')
            .innerJoin('projects as other', 'other.name', 'mine.name')
            .select(['mine.id as mine', 'other.id as other'])
            .orderBy('mine.id')
            .execute(),
        )
        assert.deepEqual(rows, [
          { mine: f.aApollo, other: f.aApollo },
          { mine: f.aZephyr, other: f.aZephyr },
        ])
        const tasks = await inA((db) =>
          db.selectFrom('tasks').innerJoin('projects', 'projects.id', 'tasks.project_id').select(['tasks.title', 'projects.name']).orderBy('tasks.title').execute(),
        )
        assert.deepEqual(tasks, [
          { title: 'a-review', name: 'Apollo' },
          { title: 'a-write', name: 'Apollo' },
        ])
      })

      test('should keep left-join semantics: rows without a match still appear, other accounts never match', async () => {
        const rows = await inA((db) =>
          db.selectFrom('projects as p').leftJoin('tasks as t', 't.project_id', 'p.id').select(['p.name', 't.title']).orderBy('p.name').orderBy('t.title').execute(),
        )
        assert.deepEqual(rows, [
          { name: 'Apollo', title: 'a-review' },
          { name: 'Apollo', title: 'a-write' },
          { name: 'Zephyr', title: null },
        ])
        // B's Apollo would be A's Apollo's twin; in A's scope it never joins, and both rows stay.
        const twins = await inA((db) =>
          db
            .selectFrom('projects as p')
            .leftJoin('projects as q', (join) => join.onRef('q.name', '=', 'p.name').onRef('q.id', '<>', 'p.id'))
            .select(['p.name', 'q.id as twin'])
            .orderBy('p.name')
            .execute(),
        )
        assert.deepEqual(twins, [
          { name: 'Apollo', twin: null },
          { name: 'Zephyr', twin: null },
        ])
      })

      test('should scope subqueries in where, in the select list and in exists', async () => {
        const withTasks = await inA((db) =>
          db
            .selectFrom('projects')
            .select('name')
            .where('id', 'in', (eb) => eb.selectFrom('tasks').select('project_id'))
            .execute(),
        )
        assert.deepEqual(withTasks, [{ name: 'Apollo' }])
        // Without the scope in the subquery, B's task on B's Apollo would be listed as A's project's.
        const anyTask = await inA((db) =>
          db
            .selectFrom('projects')
            .select('name')
            .where((eb) => eb.exists(eb.selectFrom('tasks').select('tasks.id').where('tasks.title', '=', 'b-write')))
            .execute(),
        )
        assert.deepEqual(anyTask, [])
        const counts = await inA((db) =>
          db
            .selectFrom('projects')
            .select((eb) => ['name', eb.selectFrom('tasks').select(eb.fn.countAll<number>().as('n')).whereRef('tasks.project_id', '=', 'projects.id').as('tasks')])
            .orderBy('name')
            .execute(),
        )
        assert.deepEqual(
          counts.map((r) => [r.name, Number(r.tasks)]),
          [
            ['Apollo', 2],
            ['Zephyr', 0],
          ],
        )
      })

      test('should scope common table expressions and set operations', async () => {
        const rows = await inA((db) =>
          db
            .with('named', (qb) => qb.selectFrom('tasks').select(['id', 'title']))
            .selectFrom('named')
            .select('title')
            .orderBy('title')
            .execute(),
        )
        assert.deepEqual(rows, [{ title: 'a-review' }, { title: 'a-write' }])
        const names = await inA((db) => db.selectFrom('projects').select('name').union(db.selectFrom('tasks').select('title as name')).orderBy('name').execute())
        assert.deepEqual(
          names.map((r) => r.name),
          ['Apollo', 'Zephyr', 'a-review', 'a-write'].sort(),
        )
      })

      test('should leave a non-tenant table alone and scope the tenant subquery inside it', async () => {
        const rows = await inA((db) =>
          db
            .selectFrom('accounts')
            .select((eb) => ['accounts.id', eb.selectFrom('projects').select(eb.fn.countAll<number>().as('n')).whereRef('projects.account_id', '=', 'accounts.id').as('projects')])
            .where('accounts.id', 'in', [f.a, f.b])
            .orderBy('accounts.id')
            .execute(),
        )
        assert.deepEqual(
          rows.map((r) => [r.id, Number(r.projects)]),
          [
            [f.a, 2],
            [f.b, 0],
          ],
          "B's projects are invisible from A's scope, even counted from the accounts table",
        )
        const labels = await inA((db) => db.selectFrom('labels').select('name').orderBy('name').execute())
        assert.deepEqual(labels, [{ name: 'blue' }, { name: 'red' }])
      })
    })

    describe('update and delete', () => {
      test("should affect 0 rows when updating the other account's row by id", async () => {
        const result = await inA((db) => db.updateTable('projects').set({ name: 'Hijacked' }).where('id', '=', f.bApollo).executeTakeFirst())
        assert.equal(Number(result.numUpdatedRows), 0)
        assert.equal((await project(f.bApollo))?.name, 'Apollo')
        const own = await inA((db) => db.updateTable('projects').set({ name: 'Artemis' }).where('id', '=', f.aApollo).executeTakeFirst())
        assert.equal(Number(own.numUpdatedRows), 1)
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
      })

      test('should update only the scope account rows matched by a condition shared with another account', async () => {
        const result = await inA((db) => db.updateTable('projects as p').set({ name: 'Renamed' }).where('p.name', '=', 'Apollo').executeTakeFirst())
        assert.equal(Number(result.numUpdatedRows), 1)
        assert.deepEqual(await projectsOf(f.a), ['Renamed', 'Zephyr'])
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
        const rawOr = await inA((db) =>
          db
            .updateTable('projects')
            .set({ name: 'Either' })
            .where(sql<boolean>`id = ${f.bBorealis} or id = ${f.aZephyr}`)
            .executeTakeFirst(),
        )
        assert.equal(Number(rawOr.numUpdatedRows), 1)
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
      })

      test('should scope the FROM table of an UPDATE … FROM', async () => {
        const other = await inA((db) =>
          db
            .updateTable('tasks')
            .from('projects')
            .set((eb) => ({ title: eb.ref('projects.name') }))
            .where('tasks.id', '=', f.aWrite)
            .where('projects.id', '=', f.bBorealis)
            .executeTakeFirst(),
        )
        assert.equal(Number(other.numUpdatedRows), 0, "B's project must not be readable as the source of an update")
        const own = await inA((db) =>
          db
            .updateTable('tasks')
            .from('projects')
            .set((eb) => ({ title: eb.ref('projects.name') }))
            .where('tasks.id', '=', f.aWrite)
            .where('projects.id', '=', f.aZephyr)
            .executeTakeFirst(),
        )
        assert.equal(Number(own.numUpdatedRows), 1)
        assert.equal((await raw.selectFrom('tasks').select('title').where('id', '=', f.aWrite).executeTakeFirstOrThrow()).title, 'Zephyr')
      })

      test("should affect 0 rows when deleting the other account's row by id", async () => {
        const result = await inA((db) => db.deleteFrom('tasks').where('id', '=', f.bWrite).executeTakeFirst())
        assert.equal(Number(result.numDeletedRows), 0)
        assert.ok(await raw.selectFrom('tasks').select('id').where('id', '=', f.bWrite).executeTakeFirst(), "B's task is still there")
        const byName = await inA((db) => db.deleteFrom('projects as p').where('p.name', '=', 'Zephyr').where('p.id', 'in', [f.aZephyr, f.bBorealis]).executeTakeFirst())
        assert.equal(Number(byName.numDeletedRows), 1)
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
      })

      test('should refuse set({ account_id }): rows never move between accounts', async () => {
        await assert.rejects(
          inA((db) => db.updateTable('projects').set({ account_id: f.b }).where('id', '=', f.aZephyr).execute()),
          (error) => error instanceof TenantScopeError && /account_id/.test(error.message),
        )
        await assert.rejects(
          inA((db) => db.updateTable('projects as p').set('p.account_id', f.b).where('p.id', '=', f.aZephyr).execute()),
          TenantScopeError,
        )
        assert.equal((await project(f.aZephyr))?.account_id, f.a)
      })
    })

    describe('insert', () => {
      test('should store the scope account, whatever account_id the input carried', async () => {
        const row = await inA((db) => db.insertInto('projects').values({ name: 'Smuggled', account_id: f.b }).returning(['id', 'account_id']).executeTakeFirstOrThrow())
        assert.equal(row.account_id, f.a)
        assert.equal((await project(row.id))?.account_id, f.a)
        const plain = await inA((db) => db.insertInto('projects').values({ name: 'Plain' } as never).returning('account_id').executeTakeFirstOrThrow())
        assert.equal(plain.account_id, f.a)
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
      })

      test('should give every row of a multi-row insert the scope account', async () => {
        await inA((db) =>
          db
            .insertInto('projects')
            .values([{ name: 'One' } as never, { name: 'Two', account_id: f.b }, { name: 'Three', account_id: sql<number>`${f.b}` as never }])
            .execute(),
        )
        assert.deepEqual(await projectsOf(f.a), ['Apollo', 'One', 'Three', 'Two', 'Zephyr'])
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
      })

      test('should leave inserts into a non-tenant table as they are', async () => {
        await inA((db) => db.insertInto('labels').values({ name: 'green' }).execute())
        assert.ok(await raw.selectFrom('labels').select('id').where('name', '=', 'green').executeTakeFirst(), 'the label was inserted')
      })

      test('should let an upsert update the own row and never touch the other account\'s', async () => {
        const own = await inA((db) =>
          db
            .insertInto('projects')
            .values({ name: 'Apollo', account_id: f.b })
            .onConflict((oc) => oc.columns(['account_id', 'name']).doUpdateSet({ name: 'Apollo 2' }))
            .returning(['id', 'account_id'])
            .executeTakeFirstOrThrow(),
        )
        assert.deepEqual(own, { id: f.aApollo, account_id: f.a }, "the conflict is on A's own Apollo")
        // Aim the conflict at B's row by its id: the update is filtered away, nothing changes.
        const hijack = await inA((db) =>
          db
            .insertInto('projects')
            .values({ id: f.bBorealis, name: 'Hijack' } as never)
            .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
            .returning('id')
            .execute(),
        )
        assert.deepEqual(hijack, [])
        const ignored = await inA((db) => db.insertInto('projects').values({ id: f.bApollo, name: 'Quiet' } as never).onConflict((oc) => oc.column('id').doNothing()).execute())
        assert.equal(ignored.length, 1)
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
        assert.deepEqual(await projectsOf(f.a), ['Apollo 2', 'Zephyr'])
      })

      test('should refuse an upsert that sets account_id', async () => {
        await assert.rejects(
          inA((db) =>
            db
              .insertInto('projects')
              .values({ id: f.bApollo, name: 'x' } as never)
              .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ account_id: eb.ref('excluded.account_id') })))
              .execute(),
          ),
          TenantScopeError,
        )
        assert.equal((await project(f.bApollo))?.account_id, f.b)
      })

      test('should refuse INSERT … SELECT into a tenant table', async () => {
        await assert.rejects(
          inA((db) => db.insertInto('projects').columns(['name']).expression(db.selectFrom('labels').select('name')).execute()),
          (error) => error instanceof TenantScopeError && /INSERT … SELECT/.test(error.message),
        )
        assert.deepEqual(await projectsOf(f.a), ['Apollo', 'Zephyr'])
      })
    })

    test('should refuse MERGE on a tenant table', { skip: dialect.name === 'sqlite' ? 'SQLite has no MERGE' : false }, async () => {
      await assert.rejects(
        inA((db) => db.mergeInto('projects as p').using('labels as l', 'l.name', 'p.name').whenMatched().thenDelete().execute()),
        (error) => error instanceof TenantScopeError && /MERGE/.test(error.message),
      )
      await assert.rejects(
        inA((db) => db.mergeInto('labels as l').using('projects as p', 'p.name', 'l.name').whenMatched().thenDelete().execute()),
        TenantScopeError,
      )
    })

    test('should scope the USING table of a DELETE … USING', { skip: dialect.name === 'sqlite' ? 'SQLite has no DELETE … USING' : false }, async () => {
      // Unscoped, B's Apollo matches and every one of A's tasks would be deleted.
      const result = await inA((db) => db.deleteFrom('tasks').using('projects').where('projects.id', '=', f.bApollo).executeTakeFirst())
      assert.equal(Number(result.numDeletedRows), 0)
      const count = await raw.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 3)
    })

    describe('spellings and statements the databases accept', () => {
      test("should refuse REPLACE and OR REPLACE with B's id, leaving B's project and its tasks", async () => {
        const intruder = { id: f.bApollo, name: 'Intruder', account_id: f.b }
        await assert.rejects(inA((db) => db.replaceInto('projects').values(intruder).execute()), TenantScopeError)
        await assert.rejects(inA((db) => db.insertInto('projects').orReplace().values(intruder).execute()), TenantScopeError)
        await assert.rejects(inA((db) => db.insertInto('projects').orIgnore().values(intruder).execute()), TenantScopeError)
        assert.equal((await project(f.bApollo))?.account_id, f.b)
        assert.equal((await raw.selectFrom('tasks').select('id').where('id', '=', f.bWrite).executeTakeFirst())?.id, f.bWrite)
      })

      test('should resolve table and column names as the database does', async () => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- names the schema type does not know
        const anyDb = (db: Kysely<TestTables>) => db as Kysely<any>
        const schema = dialect.name === 'sqlite' ? 'main' : 'public'
        for (const from of ['projects as s', `${schema}.projects`, ...(dialect.name === 'sqlite' ? ['PROJECTS', 'Projects as s', 'main.Projects'] : [])]) {
          const rows = await inA((db) => anyDb(db).selectFrom(from).selectAll().execute())
          assert.deepEqual(rows.map((r) => r.account_id).filter((a) => a !== f.a), [], `${from} read another account`)
        }
        if (dialect.name === 'sqlite') {
          await inA((db) => anyDb(db).updateTable('PROJECTS').set({ name: 'x' }).where('id', '=', f.bBorealis).execute())
          await inA((db) => anyDb(db).deleteFrom('TASKS').where('id', '=', f.bWrite).execute())
          await assert.rejects(inA((db) => anyDb(db).updateTable('projects').set({ ACCOUNT_ID: f.b }).execute()), TenantScopeError)
          await assert.rejects(
            inA((db) => anyDb(db).insertInto('projects').values({ name: 'n' }).onConflict((oc) => oc.column('id').doUpdateSet({ ACCOUNT_ID: f.b })).execute()),
            TenantScopeError,
          )
          await inA((db) => anyDb(db).insertInto('projects').values({ name: 'Planted', ACCOUNT_ID: f.b }).execute())
          assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
          assert.equal((await raw.selectFrom('tasks').select('id').where('id', '=', f.bWrite).executeTakeFirst())?.id, f.bWrite)
          assert.throws(() => anyDb(tenancy.db).selectFrom('Projects').selectAll().compile(), TenantScopeError)
          assert.throws(() => anyDb(tenancy.db).selectFrom('main.PROJECTS').selectAll().compile(), TenantScopeError)
        }
      })

      test('should refuse raw SET targets, sql.table and sql.id naming tenant tables', async () => {
        await assert.rejects(inA((db) => db.updateTable('projects').set(sql.ref('account_id'), f.b).execute()), TenantScopeError)
        await assert.rejects(inA((db) => db.updateTable('projects').set(sql`account_id`, f.b).execute()), TenantScopeError)
        await assert.rejects(inA((db) => db.selectFrom(sql.table('projects').as('s')).selectAll().execute()), TenantScopeError)
        assert.throws(() => sql`select * from ${sql.id('projects')}`.compile(tenancy.db), TenantScopeError)
        assert.deepEqual(await projectsOf(f.b), ['Apollo', 'Borealis'])
      })
    })

    describe('the SQL it produces', () => {
      const scoped = () => raw.withPlugin(tenantScopePlugin(new Set(TENANT_TEST_TABLES), f.a, dialect.name))

      test('should put the account filter on every aliased tenant table: joined ones in ON, the others in WHERE', () => {
        const query = compiled(
          scoped()
            .selectFrom('projects as p')
            .leftJoin('tasks as t', 't.project_id', 'p.id')
            .select('t.title')
            .where('p.name', '=', 'x'),
        )
        assert.equal(
          query.sql,
          'select "t"."title" from "projects" as "p" left join "tasks" as "t" on ("t"."project_id" = "p"."id") and "t"."account_id" = ? where ("p"."name" = ?) and "p"."account_id" = ?',
        )
        assert.deepEqual(query.parameters, [f.a, 'x', f.a])
      })

      test('should parenthesise a raw condition before adding the filter', () => {
        const query = compiled(
          scoped()
            .selectFrom('projects')
            .selectAll()
            .where(sql<boolean>`name = 'a' or name = 'b'`),
        )
        assert.equal(query.sql, `select * from "projects" where (name = 'a' or name = 'b') and "projects"."account_id" = ?`)
      })

      test('should scope a CTE and a subquery of a non-tenant table', () => {
        const query = compiled(
          scoped()
            .with('t', (qb) => qb.selectFrom('tasks').select('id'))
            .selectFrom('labels')
            .select((eb) => ['labels.name', eb.selectFrom('t').select('t.id').limit(1).as('task')])
            .where('labels.name', 'in', (eb) => eb.selectFrom('projects').select('name')),
        )
        assert.equal(
          query.sql,
          'with "t" as (select "id" from "tasks" where "tasks"."account_id" = ?) select "labels"."name", (select "t"."id" from "t" limit ?) as "task" from "labels" where "labels"."name" in (select "name" from "projects" where "projects"."account_id" = ?)',
        )
        assert.deepEqual(query.parameters, [f.a, 1, f.a])
      })

      test("should replace an input account_id with the scope's, and guard an upsert's update", () => {
        const insert = compiled(scoped().insertInto('projects').values({ name: 'n', account_id: f.b }))
        assert.equal(insert.sql, 'insert into "projects" ("name", "account_id") values (?, ?)')
        assert.deepEqual(insert.parameters, ['n', f.a])
        const upsert = compiled(
          scoped()
            .insertInto('projects')
            .values({ name: 'n' } as never)
            .onConflict((oc) => oc.column('id').doUpdateSet({ name: 'm' })),
        )
        assert.equal(upsert.sql, 'insert into "projects" ("name", "account_id") values (?, ?) on conflict ("id") do update set "name" = ? where "projects"."account_id" = ?')
        assert.deepEqual(upsert.parameters, ['n', f.a, 'm', f.a])
      })
    })
  })
})
