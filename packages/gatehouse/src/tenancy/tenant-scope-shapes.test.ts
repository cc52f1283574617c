import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { createTestCore } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { insertAccount, seedTenantRows, tenantTestMigrations, testTenancy } from '../../test/support/tenant-tables.ts'
import type { TenantFixture, TestTables } from '../../test/support/tenant-tables.ts'
import type { GatehouseCore } from '../core.ts'
import type { Tenancy } from './tenancy.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated shapes use names the schema type does not know (case variants, schema prefixes)
type AnyDb = Kysely<any>
type Shape = { readonly name: string; run(db: AnyDb, f: TenantFixture): Promise<unknown> }

/**
 * Generates query shapes against the `projects` tenant table (and `tasks`, which points at it):
 * every spelling the databases accept for a table (case variants, schema prefix, aliases) and
 * for the tenant column, crossed with selects, subqueries, CTEs, unions, joins, updates,
 * deletes, inserts, upserts, REPLACE / OR REPLACE / OR IGNORE and raw fragments.
 */
function generateShapes(schema: string): Shape[] {
  const tables = ['projects', 'PROJECTS', 'Projects', `${schema}.projects`, `${schema}.PROJECTS`]
  const aliases = [null, 'p', 'P']
  const columns = ['account_id', 'ACCOUNT_ID', 'Account_Id']
  const shapes: Shape[] = []
  const add = (name: string, run: Shape['run']) => shapes.push({ name, run })
  for (const table of tables) {
    for (const alias of aliases) {
      const from = alias ? `${table} as ${alias}` : table
      const q = alias ?? table
      const label = `${from}`
      add(`select ${label}`, (db) => db.selectFrom(from).select(`${q}.id as id`).execute())
      for (const column of columns) {
        add(`select ${label} where ${column} = B`, (db, f) => db.selectFrom(from).select(`${q}.id as id`).where(`${q}.${column}`, '=', f.b).execute())
        add(`select ${label} where ${column} in (A, B) or true`, (db, f) =>
          db.selectFrom(from).select(`${q}.id as id`).where((eb) => eb.or([eb(`${q}.${column}`, 'in', [f.a, f.b]), sql<boolean>`1 = 1`])).execute(),
        )
      }
      add(`select ${label} where raw or`, (db) => db.selectFrom(from).select(`${q}.id as id`).where(sql<boolean>`1 = 1 or 1 = 1`).execute())
      add(`subquery from ${label}`, (db) => db.selectFrom((qb) => qb.selectFrom(from).select(`${q}.id as id`).as('sub')).select('sub.id as id').execute())
      add(`cte of ${label}`, (db) => db.with('c', (qb) => qb.selectFrom(from).select(`${q}.id as id`)).selectFrom('c').select('c.id as id').execute())
      add(`union of ${label} and projects`, (db) => db.selectFrom(from).select(`${q}.id as id`).union(db.selectFrom('projects').select('projects.id as id')).execute())
      add(`union all of labels and ${label}`, (db) => db.selectFrom('labels').select('labels.id as id').where(sql<boolean>`1 = 0`).unionAll(db.selectFrom(from).select(`${q}.id as id`)).execute())
      add(`join labels with ${label}`, (db) => db.selectFrom('labels').innerJoin(from, (j) => j.on(sql<boolean>`1 = 1`)).select(`${q}.id as id`).execute())
      add(`left join tasks to ${label}`, (db) => db.selectFrom('tasks as t').leftJoin(from, (j) => j.on(sql<boolean>`1 = 1 or 1 = 1`)).select(`${q}.id as id`).execute())
      add(`cross join projects and ${label}`, (db) =>
        db.selectFrom(['projects as x', from]).select(`${q}.id as id`).execute(),
      )
      add(`scalar subquery of ${label}`, (db) => db.selectFrom('labels').select((eb) => eb.selectFrom(from).select(`${q}.id as id`).orderBy(`${q}.id`, 'desc').limit(1).as('id')).execute())
      add(`where in subquery of ${label}`, (db) =>
        db.selectFrom('tasks').select('tasks.project_id as id').where('tasks.project_id', 'in', db.selectFrom(from).select(`${q}.id`)).execute(),
      )
      add(`update ${label} set name`, (db) => db.updateTable(from).set({ name: 'changed' }).execute())
      add(`update ${label} set name where id = B's`, (db, f) => db.updateTable(from).set({ name: 'changed' }).where(`${q}.id`, '=', f.bApollo).execute())
      add(`update ${label} from tasks`, (db) => db.updateTable(from).set({ name: 'changed' }).from('tasks').where(sql<boolean>`1 = 1`).execute())
      for (const column of columns) {
        add(`update ${label} set ${column} = B`, (db, f) => db.updateTable(from).set({ [column]: f.b }).execute())
        add(`update ${label} set sql.ref(${column}) = B`, (db, f) => db.updateTable(from).set(sql.ref(column), f.b).execute())
        add(`update ${label} set sql\`${column}\` = B`, (db, f) => db.updateTable(from).set(sql.raw(column), f.b).execute())
      }
      add(`delete from ${label} where id = B's`, (db, f) => db.deleteFrom(from).where(`${q}.id`, '=', f.bBorealis).execute())
      add(`delete from ${label} where raw or`, (db) => db.deleteFrom(from).where(sql<boolean>`1 = 0 or 1 = 1`).execute())
    }
    for (const column of columns) {
      const row = (f: TenantFixture) => ({ id: f.bApollo, name: 'Intruder', [column]: f.b })
      add(`insert into ${table} ${column} = B with B's id`, (db, f) => db.insertInto(table).values(row(f)).execute())
      add(`replace into ${table} ${column} = B`, (db, f) => db.replaceInto(table).values(row(f)).execute())
      add(`insert or replace into ${table} ${column} = B`, (db, f) => db.insertInto(table).orReplace().values(row(f)).execute())
      add(`insert or ignore into ${table} ${column} = B`, (db, f) => db.insertInto(table).orIgnore().values(row(f)).returning('id').execute())
      add(`upsert into ${table} do update set name`, (db, f) => db.insertInto(table).values(row(f)).onConflict((oc) => oc.column('id').doUpdateSet({ name: 'changed' })).execute())
      add(`upsert into ${table} do update set ${column}`, (db, f) =>
        db.insertInto(table).values(row(f)).onConflict((oc) => oc.column('id').doUpdateSet({ [column]: f.b })).execute(),
      )
      add(`upsert into ${table} do nothing`, (db, f) => db.insertInto(table).values(row(f)).onConflict((oc) => oc.column('id').doNothing()).execute())
      add(`insert into tasks pointing at B's project (${column})`, (db, f) => db.insertInto('tasks').values({ title: 'x', project_id: f.bApollo, [column]: f.b }).execute())
    }
    add(`raw select from sql.table(${table})`, (db) => sql<{ id: number }>`select id from ${sql.table(table)}`.execute(db).then((r) => r.rows))
    add(`select from sql.table(${table}).as(s)`, (db) => db.selectFrom(sql.table(table).as('s')).select('s.id as id').execute())
    add(`raw select from sql.id(${table})`, (db) => sql<{ id: number }>`select id from ${sql.id(...table.split('.'))}`.execute(db).then((r) => r.rows))
  }
  return shapes
}

/** Ids the result holds, wherever they are. */
function idsIn(result: unknown): number[] {
  if (!Array.isArray(result)) return []
  return result.flatMap((row: Record<string, unknown>) => (row && row.id !== null && row.id !== undefined ? [Number(row.id)] : []))
}

forEachDialect((dialect) => {
  describe('generated query shapes against two accounts', () => {
    let core: GatehouseCore
    let tenancy: Tenancy<TestTables>
    let raw: Kysely<TestTables>
    let f: TenantFixture

    before(async () => {
      core = await createTestCore(dialect, { migrations: tenantTestMigrations })
      tenancy = testTenancy(core)
      raw = tenancy.unscopedDb('ground truth of the generated shapes')
      f = await seedTenantRows(raw, await insertAccount(core, 'A'), await insertAccount(core, 'B'))
    })
    after(() => core.close())

    const snapshot = async () =>
      JSON.stringify([
        await raw.selectFrom('projects').selectAll().orderBy('id').execute(),
        await raw.selectFrom('tasks').selectAll().orderBy('id').execute(),
      ])
    const bRows = async () =>
      JSON.stringify([
        await raw.selectFrom('projects').selectAll().where('account_id', '=', f.b).orderBy('id').execute(),
        await raw.selectFrom('tasks').selectAll().where('account_id', '=', f.b).orderBy('id').execute(),
      ])

    test('should neither read nor change the other account through any generated shape, scoped or guarded', async () => {
      const shapes = generateShapes(dialect.name === 'sqlite' ? 'main' : 'public')
      const escaped: string[] = []
      let seeded = await snapshot()
      let bBefore = await bRows()
      for (const shape of shapes) {
        const bIds = new Set([f.bApollo, f.bBorealis]) // every shape returns project ids
        let result: unknown
        try {
          result = await tenancy.withTenant(f.a, (db) => shape.run(db as AnyDb, f))
        } catch {
          result = undefined // refused by the scope or by the database: nothing escaped
        }
        if (idsIn(result).some((id) => bIds.has(id))) escaped.push(`scoped read: ${shape.name}`)
        if ((await bRows()) !== bBefore) escaped.push(`scoped write: ${shape.name}`)
        try {
          const guarded = await shape.run(tenancy.db as AnyDb, f)
          if (idsIn(guarded).length > 0 || (await snapshot()) !== seeded) escaped.push(`guard: ${shape.name}`)
        } catch {
          // refused
        }
        if ((await snapshot()) !== seeded) {
          f = await seedTenantRows(raw, f.a, f.b)
          seeded = await snapshot()
          bBefore = await bRows()
        }
      }
      console.log(`# ${dialect.name}: ${shapes.length} generated query shapes tried, each scoped to account A and on the guarded handle; ${escaped.length} escaped`)
      assert.deepEqual(escaped, [])
      assert.ok(shapes.length > 300, `only ${shapes.length} shapes generated`)
    })
  })
})
