import { sql } from 'kysely'
import type { CreateTableBuilder, Kysely } from 'kysely'
import { dialectOf } from '../db/dialect-of.ts'
import { addIdColumn } from '../db/migrations/columns.ts'
import { TENANT_SETTING } from './tenancy.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
type AnyKysely = Kysely<any>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the builder's column set grows as columns are added
type TableBuilder = CreateTableBuilder<string, any>

/**
 * Creates a tenant-owned table in a migration: `id`, `account_id` (NOT NULL, references
 * accounts ON DELETE CASCADE), your columns, and a unique `(account_id, id)` so other tenant
 * tables can reference it with a composite foreign key (see `tenantReference`). On PostgreSQL it
 * also enables and forces row-level security with a policy on `app.account_id`, and
 * `account_id` defaults to that setting.
 *
 * @example
 * await createTenantTable(db, 'secrets', (t) =>
 *   t.addColumn('key', 'text', (c) => c.notNull()).addColumn('value', 'text', (c) => c.notNull()))
 */
export async function createTenantTable(db: AnyKysely, table: string, columns: (t: TableBuilder) => TableBuilder): Promise<void> {
  const dialect = dialectOf(db)
  let builder: TableBuilder = addIdColumn(db.schema.createTable(table), dialect)
  builder = builder.addColumn('account_id', 'bigint', (c) => {
    const column = c.notNull().references('accounts.id').onDelete('cascade')
    // On PostgreSQL an insert that names no account gets the transaction's tenant (and fails
    // NOT NULL outside one), so a plain INSERT works under row-level security alone.
    return dialect === 'postgres' ? column.defaultTo(currentTenant()) : column
  })
  builder = columns(builder)
  await builder.addUniqueConstraint(`${table}_account_id_id_key`, ['account_id', 'id']).execute()
  if (dialect === 'postgres') await enableTenantRowSecurity(db, table)
}

/**
 * A column pointing at a row of another tenant table through `(account_id, column)`, so a row
 * can never reference another account's row, whatever the application does.
 *
 * @example
 * createTenantTable(db, 'notes', (t) => tenantReference(t, 'secret_id', 'secrets').addColumn('body', 'text'))
 */
export function tenantReference(builder: TableBuilder, column: string, referencedTable: string, options: { nullable?: boolean } = {}): TableBuilder {
  return builder
    .addColumn(column, 'bigint', (c) => (options.nullable ? c : c.notNull()))
    .addForeignKeyConstraint(`${builder.toOperationNode().table.table.identifier.name}_${column}_fkey`, ['account_id', column], referencedTable, ['account_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
}

/** The transaction's tenant on PostgreSQL: `app.account_id` as a bigint, NULL when unset or empty. */
function currentTenant() {
  return sql<number | null>`nullif(current_setting(${sql.lit(TENANT_SETTING)}, true), '')::bigint`
}

/**
 * Row-level security for one tenant table (PostgreSQL): enabled and forced (so even the owner is
 * subject to it), with a policy that admits a row only when `account_id` equals the
 * transaction's `app.account_id`, and nothing at all when that setting is unset or empty.
 */
export async function enableTenantRowSecurity(db: AnyKysely, table: string): Promise<void> {
  const name = sql.table(table)
  const current = currentTenant()
  await sql`alter table ${name} enable row level security`.execute(db)
  await sql`alter table ${name} force row level security`.execute(db)
  await sql`create policy tenant_isolation on ${name} using (account_id = ${current}) with check (account_id = ${current})`.execute(db)
}
