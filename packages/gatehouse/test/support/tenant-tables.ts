import type { Generated, Kysely, Migration } from 'kysely'
import type { GatehouseCore } from '../../src/core.ts'
import type { GatehouseTables } from '../../src/db/schema.ts'
import { addIdColumn } from '../../src/db/migrations/columns.ts'
import { dialectOf } from '../../src/db/dialect-of.ts'
import { createTenancy } from '../../src/tenancy/tenancy.ts'
import type { Tenancy, TenancyOptions } from '../../src/tenancy/tenancy.ts'
import { createTenantTable, tenantReference } from '../../src/tenancy/tenant-table.ts'

/**
 * A small app schema for the tenancy tests: two tenant tables (`projects`, and `tasks` pointing
 * at a project of the same account through a composite key) and one shared table (`labels`).
 */
export const TENANT_TEST_TABLES = ['projects', 'tasks'] as const

export interface TenantTestTables {
  projects: { id: Generated<number>; account_id: number; name: string }
  tasks: { id: Generated<number>; account_id: number; project_id: number | null; title: string }
  labels: { id: Generated<number>; name: string }
}

export type TestTables = GatehouseTables & TenantTestTables

export const tenantTestMigrations: Record<string, Migration> = {
  '0001_tenant_test_tables': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema before it exists
    async up(db: Kysely<any>) {
      await createTenantTable(db, 'projects', (t) => t.addColumn('name', 'text', (c) => c.notNull()).addUniqueConstraint('projects_account_id_name_key', ['account_id', 'name']))
      await createTenantTable(db, 'tasks', (t) => tenantReference(t, 'project_id', 'projects', { nullable: true }).addColumn('title', 'text', (c) => c.notNull()))
      await db.schema
        .createTable('labels')
        .$call((t) => addIdColumn(t, dialectOf(db)))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .execute()
    },
  },
}

/** A tenancy over the core's database for the test tables. */
export function testTenancy(core: GatehouseCore, options: TenancyOptions = {}): Tenancy<TestTables> {
  return createTenancy(core.database as unknown as { db: Kysely<TestTables>; dialect: typeof core.database.dialect }, { tables: TENANT_TEST_TABLES, ...options }, core.extensions.flatMap((e) => e.tables ?? []))
}

let accountSequence = 0
/** Inserts an account row directly (no user, no password hashing): tenancy tests only need the id. */
export async function insertAccount(core: GatehouseCore, label = 'Account'): Promise<number> {
  accountSequence += 1
  const name = `${label} ${process.pid}-${accountSequence}-${Math.random().toString(36).slice(2, 6)}`
  const now = Date.now()
  const row = await core.database.db
    .insertInto('accounts')
    .values({ name, normalized_name: name.toLowerCase(), inserted_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The rows each test starts from (ids filled in by `seedTenantRows`). */
export interface TenantFixture {
  readonly a: number
  readonly b: number
  /** A: Apollo (two tasks), Zephyr (no task). */
  readonly aApollo: number
  readonly aZephyr: number
  readonly aWrite: number
  readonly aReview: number
  /** B: Apollo (same name as A's), Borealis; one task on B's Apollo. */
  readonly bApollo: number
  readonly bBorealis: number
  readonly bWrite: number
}

/**
 * Empties the test tables and writes the fixture through the raw handle (no scope involved),
 * so every test starts from the same rows.
 */
export async function seedTenantRows(db: Kysely<TestTables>, a: number, b: number): Promise<TenantFixture> {
  await db.deleteFrom('tasks').execute()
  await db.deleteFrom('projects').execute()
  await db.deleteFrom('labels').execute()
  const project = async (account: number, name: string) =>
    (await db.insertInto('projects').values({ account_id: account, name }).returning('id').executeTakeFirstOrThrow()).id
  const task = async (account: number, projectId: number | null, title: string) =>
    (await db.insertInto('tasks').values({ account_id: account, project_id: projectId, title }).returning('id').executeTakeFirstOrThrow()).id
  const aApollo = await project(a, 'Apollo')
  const aZephyr = await project(a, 'Zephyr')
  const bApollo = await project(b, 'Apollo')
  const bBorealis = await project(b, 'Borealis')
  const aWrite = await task(a, aApollo, 'a-write')
  const aReview = await task(a, aApollo, 'a-review')
  const bWrite = await task(b, bApollo, 'b-write')
  await db.insertInto('labels').values([{ name: 'red' }, { name: 'blue' }]).execute()
  return { a, b, aApollo, aZephyr, aWrite, aReview, bApollo, bBorealis, bWrite }
}
