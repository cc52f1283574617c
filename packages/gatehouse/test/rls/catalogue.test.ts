import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, test } from 'node:test'
import pg from 'pg'
import { sql } from 'kysely'
import { TENANT_TABLES, tutorialMigrations } from '../../../../examples/tutorial/src/migrations.ts'
import { createTutorialGatehouse, tutorialExtensions } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { GatehouseConfigError } from '../../src/errors.ts'
import { createTenancy } from '../../src/tenancy/tenancy.ts'
import { TEST_SECRET } from '../support/core.ts'
import { onCleanup } from '../support/services.ts'
import { createRlsDeployment, rlsSkip, sqlState } from './deployment.ts'
import type { RlsDeployment } from './deployment.ts'

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']

/** What the catalogue says about one role's privileges on some tables: table → the privileges it holds. */
async function privilegesOf(d: RlsDeployment, role: string, tables: readonly string[]): Promise<Record<string, string[]>> {
  const rows = await d.admin<{ t: string; p: string }>(
    `select t, p from unnest($2::text[]) with ordinality as tables(t, i), unnest($3::text[]) with ordinality as privileges(p, j)
     where has_table_privilege($1, 'public.' || quote_ident(t), p) order by i, j`,
    [role, tables, PRIVILEGES],
  )
  const held: Record<string, string[]> = Object.fromEntries(tables.map((t) => [t, []]))
  for (const { t, p } of rows) held[t]?.push(p)
  return held
}

async function queryAs(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(text)
  } finally {
    await client.end()
  }
}

describe('PostgreSQL deployment catalogue (owner, auth and app roles)', { skip: rlsSkip ?? false }, () => {
  let d: RlsDeployment

  before(async () => {
    d = await createRlsDeployment(tutorialMigrations, TENANT_TABLES)
  })

  test('every declared tenant table should have row-level security enabled and forced, with a policy on app.account_id', async () => {
    assert.ok(TENANT_TABLES.length > 0, 'the tutorial declares tenant tables')
    for (const table of TENANT_TABLES) {
      const [relation] = await d.admin<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        `select c.relrowsecurity, c.relforcerowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = $1`,
        [table],
      )
      assert.ok(relation, `${table} does not exist`)
      assert.equal(relation.relrowsecurity, true, `${table}: row-level security is not enabled`)
      assert.equal(relation.relforcerowsecurity, true, `${table}: row-level security is not forced`)
      const policies = await d.admin<{ policyname: string; cmd: string; permissive: string; roles: string; qual: string | null; with_check: string | null }>(
        `select policyname, cmd, permissive, roles::text, qual, with_check from pg_policies where schemaname = 'public' and tablename = $1`,
        [table],
      )
      assert.ok(policies.length > 0, `${table} has no policy`)
      const policy = policies.find((p) => p.cmd === 'ALL' && p.permissive === 'PERMISSIVE')
      assert.ok(policy, `${table}: no permissive policy for all commands`)
      assert.equal(policy.roles, '{public}')
      assert.match(policy.qual ?? '', /current_setting\('app\.account_id'::text, true\)/)
      assert.match(policy.with_check ?? '', /current_setting\('app\.account_id'::text, true\)/, `${table}: writes are not checked`)
    }
  })

  test('every app table with an account_id column should be a declared tenant table', async () => {
    const withAccount = await d.admin<{ table_name: string }>(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'account_id' order by table_name`,
    )
    const undeclared = withAccount.map((r) => r.table_name).filter((t) => d.appTables.includes(t) && !(TENANT_TABLES as readonly string[]).includes(t))
    assert.deepEqual(undeclared, [])
    assert.ok(d.gatehouseTables.includes('users') && d.gatehouseTables.includes('sessions') && d.gatehouseTables.includes('accounts'), `Gatehouse's tables: ${d.gatehouseTables.join(', ')}`)
  })

  test("docs/multi-tenancy.md should grant AUTH exactly Gatehouse's tables, and createTenancy refuse each of them", () => {
    const docs = readFileSync(new URL('../../../../docs/multi-tenancy.md', import.meta.url), 'utf8')
    // Gatehouse's own tables, then the tutorial's extensions' tables, each on its own line.
    const granted = [...docs.matchAll(/^grant select, insert, update, delete on (.+) to gatehouse_auth;$/gm)].flatMap((m) => m[1]?.split(', ') ?? [])
    assert.deepEqual([...(granted ?? [])].sort(), [...d.gatehouseTables].sort(), 'the documented grant is out of date')
    const extensionTables = tutorialExtensions({ emailConfirmation: true }).flatMap((e) => e.tables ?? [])
    for (const table of d.gatehouseTables) {
      assert.throws(() => createTenancy({ db: undefined as never, dialect: 'postgres' }, { tables: [table] }, extensionTables), GatehouseConfigError, `${table} accepted as a tenant table`)
    }
  })

  test('the owner should own every table; the app and auth roles own none', async () => {
    const owners = await d.admin<{ tablename: string; tableowner: string }>(`select tablename, tableowner from pg_tables where schemaname = 'public'`)
    assert.ok(owners.length >= d.gatehouseTables.length + d.appTables.length, 'every table is listed')
    for (const { tablename, tableowner } of owners) assert.equal(tableowner, d.roles.owner, `${tablename} is owned by ${tableowner}`)
    const owned = await d.admin(`select c.relname from pg_class c where pg_get_userbyid(c.relowner) in ($1, $2)`, [d.roles.app, d.roles.auth])
    assert.deepEqual(owned, [], 'the app and auth roles own no relation (table, sequence, view)')
  })

  test('the app and auth roles should be neither superuser nor BYPASSRLS, nor able to become the owner', async () => {
    for (const role of [d.roles.app, d.roles.auth]) {
      const [row] = await d.admin<{ rolsuper: boolean; rolbypassrls: boolean; owner_member: boolean }>(
        `select rolsuper, rolbypassrls, pg_has_role(rolname, $2, 'MEMBER') as owner_member from pg_roles where rolname = $1`,
        [role, d.roles.owner],
      )
      assert.deepEqual(row, { rolsuper: false, rolbypassrls: false, owner_member: false }, role)
    }
    const bypassing = await d.admin(
      `select r.rolname from pg_roles r where (r.rolsuper or r.rolbypassrls) and r.rolname <> current_user and (pg_has_role($1, r.oid, 'MEMBER') or pg_has_role($2, r.oid, 'MEMBER'))`,
      [d.roles.app, d.roles.auth],
    )
    assert.deepEqual(bypassing, [], 'no role the app or auth role belongs to bypasses RLS')
  })

  test("the app role should hold no privilege on Gatehouse's tables, the auth role none on tenant tables", async () => {
    const none = (tables: readonly string[]) => Object.fromEntries(tables.map((t) => [t, []]))
    const dml = (tables: readonly string[]) => Object.fromEntries(tables.map((t) => [t, ['SELECT', 'INSERT', 'UPDATE', 'DELETE']]))
    assert.deepEqual(await privilegesOf(d, d.roles.app, d.gatehouseTables), none(d.gatehouseTables), 'the app role reaches no Gatehouse table')
    assert.deepEqual(await privilegesOf(d, d.roles.app, TENANT_TABLES), dml(TENANT_TABLES))
    assert.deepEqual(await privilegesOf(d, d.roles.auth, TENANT_TABLES), none(TENANT_TABLES), 'the auth role reaches no tenant table')
    assert.deepEqual(await privilegesOf(d, d.roles.auth, ['accounts', 'users', 'sessions']), dml(['accounts', 'users', 'sessions']))
  })

  test('as the app role, reading users should fail with permission denied; as the auth role, reading secrets too', async () => {
    for (const table of ['users', 'sessions', 'accounts']) {
      await assert.rejects(queryAs(d.urls.app, `select * from ${table}`), (error) => sqlState(error) === '42501' && /permission denied for table/.test(String(error)), table)
    }
    await assert.rejects(queryAs(d.urls.auth, 'select * from secrets'), (error) => sqlState(error) === '42501')

    // The same through Gatehouse: `gatehouse.db` is the app role, `gatehouse.database` the auth role.
    const gatehouse = await createTutorialGatehouse({
      database: d.urls.auth,
      secret: TEST_SECRET,
      publicUrl: 'http://localhost:4000',
      migrate: false,
      tenancy: { database: d.urls.app },
    })
    onCleanup(() => gatehouse.close())
    await assert.rejects(gatehouse.db.selectFrom('users').selectAll().execute(), (error) => sqlState(error) === '42501')
    await assert.rejects(sql`select * from secrets`.execute(gatehouse.database.db), (error) => sqlState(error) === '42501')
  })
})
