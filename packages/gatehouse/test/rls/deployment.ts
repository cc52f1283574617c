import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Migration } from 'kysely'
import pg from 'pg'
import { openDatabase } from '../../src/db/database.ts'
import { assertMigrated, migrateToLatest } from '../../src/db/migrator.ts'
import { onCleanup, postgresAdminUrl, probePostgres, skipReason } from '../support/services.ts'
import { tutorialExtensions } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'

/**
 * A PostgreSQL deployment the way docs/multi-tenancy.md tells an app to set one up: a fresh
 * database and three login roles,
 * - OWNER: owns the database and every table, runs the migrations;
 * - AUTH: Gatehouse's `database` connection, DML on Gatehouse's own tables only;
 * - APP: `tenancy.database`, DML on the tenant tables only; it owns nothing, is not superuser
 *   and has no BYPASSRLS, so row-level security applies to every query it runs.
 * Names are unique per call so parallel runs never clash; everything is dropped when the test
 * file ends.
 */

/** Why the row-level security suites are skipped (null: PostgreSQL is there). Throws when required. */
export const rlsSkip = skipReason('PostgreSQL', await probePostgres())

export interface RlsDeployment {
  readonly database: string
  readonly roles: { readonly owner: string; readonly auth: string; readonly app: string }
  /** Connection URLs: each role on the deployment's database, and the superuser on it (`admin`). */
  readonly urls: { readonly owner: string; readonly auth: string; readonly app: string; readonly admin: string }
  /** The tables Gatehouse's migrations created (identity and extension tables). */
  readonly gatehouseTables: readonly string[]
  /** The tables the app's migrations created. */
  readonly appTables: readonly string[]
  /** Runs SQL as the superuser on the deployment's database: ground truth that RLS does not filter. */
  admin<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>
}

const BOOKKEEPING = /^(gatehouse_([a-z_]+_)?|app_)migrations(_lock)?$/

/** `postgresAdminUrl` with another user, password and database. */
function urlFor(user: string, password: string, database: string): string {
  const url = new URL(postgresAdminUrl)
  url.username = user
  url.password = password
  url.pathname = `/${database}`
  return url.toString()
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates the database and the roles, migrates as the owner (Gatehouse's migrations, then
 * `appMigrations`), then grants as documented: AUTH gets DML on Gatehouse's tables, APP on
 * `tenantTables`. With `singleRole`, AUTH also gets DML on `tenantTables` and serves as the
 * one role of a single-role deployment.
 */
export async function createRlsDeployment(
  appMigrations: Record<string, Migration>,
  tenantTables: readonly string[],
  options: { singleRole?: boolean } = {},
): Promise<RlsDeployment> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`
  const database = `gatehouse_rls_${suffix}`
  const roles = { owner: `gh_owner_${suffix}`, auth: `gh_auth_${suffix}`, app: `gh_app_${suffix}` }
  // Random passwords: the URLs work whether the server trusts local connections or not.
  const passwords = { owner: randomBytes(12).toString('hex'), auth: randomBytes(12).toString('hex'), app: randomBytes(12).toString('hex') }

  await withClient(postgresAdminUrl, async (admin) => {
    for (const role of ['owner', 'auth', 'app'] as const) {
      await admin.query(`create role ${roles[role]} login nosuperuser nobypassrls nocreatedb nocreaterole password '${passwords[role]}'`)
    }
  })
  onCleanup(() => withClient(postgresAdminUrl, async (admin) => void (await admin.query(`drop role if exists ${roles.app}, ${roles.auth}, ${roles.owner}`))))
  await withClient(postgresAdminUrl, (admin) => admin.query(`create database ${database} owner ${roles.owner}`))
  onCleanup(() => withClient(postgresAdminUrl, async (admin) => void (await admin.query(`drop database if exists ${database} with (force)`))))

  const urls = {
    owner: urlFor(roles.owner, passwords.owner, database),
    auth: urlFor(roles.auth, passwords.auth, database),
    app: urlFor(roles.app, passwords.app, database),
    admin: urlFor(new URL(postgresAdminUrl).username, decodeURIComponent(new URL(postgresAdminUrl).password), database),
  }

  // Migrations run as the owner, exactly as `createGatehouse({ migrate: true })` or
  // `gatehouse migrate` would with the owner's DATABASE_URL.
  const owner = openDatabase(urls.owner)
  let gatehouseTables: string[]
  let appTables: string[]
  try {
    const tables = async () =>
      (await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(owner.db)).rows
        .map((r) => r.tablename)
        .filter((t) => !BOOKKEEPING.test(t))
    // The tutorial's extensions migrate with Gatehouse (their tables are Gatehouse's, granted to AUTH).
    assertMigrated(await migrateToLatest(owner.db, 'postgres', {}, tutorialExtensions({ emailConfirmation: true })))
    gatehouseTables = await tables()
    assertMigrated(await migrateToLatest(owner.db, 'postgres', appMigrations))
    appTables = (await tables()).filter((t) => !gatehouseTables.includes(t))

    // The grants of docs/multi-tenancy.md, run by the owner.
    const list = (names: readonly string[]) => sql.join(names.map((n) => sql.table(n)))
    await sql`revoke all on database ${sql.id(database)} from public`.execute(owner.db)
    await sql`grant connect on database ${sql.id(database)} to ${sql.id(roles.auth)}, ${sql.id(roles.app)}`.execute(owner.db)
    await sql`grant select, insert, update, delete on ${list(gatehouseTables)} to ${sql.id(roles.auth)}`.execute(owner.db)
    await sql`grant select, insert, update, delete on ${list(tenantTables)} to ${sql.id(roles.app)}`.execute(owner.db)
    // The single-role variant: one non-owner role (here AUTH) with DML on every table.
    if (options.singleRole) await sql`grant select, insert, update, delete on ${list(tenantTables)} to ${sql.id(roles.auth)}`.execute(owner.db)
  } finally {
    await owner.close()
  }

  return {
    database,
    roles,
    urls,
    gatehouseTables,
    appTables,
    admin: (text, values) => withClient(urls.admin, async (client) => (await client.query(text, values)).rows),
  }
}

/** The SQLSTATE of a database error (`42501` insufficient privilege, `23502` not null…). */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined
}
