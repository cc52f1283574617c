import { AliasNode, ColumnNode, IdentifierNode, ReferenceNode, TableNode } from 'kysely'
import type { OperationNode, RawNode } from 'kysely'
import type { DialectName } from '../db/database.ts'

export const TENANT_COLUMN = 'account_id'

/**
 * Decides whether a table or column written in a query is a tenant table or the tenant column,
 * the way the database itself resolves the name. Kysely quotes every identifier: PostgreSQL then
 * compares exactly (a quoted `"SECRETS"` is another table), while SQLite compares quoted names
 * case-insensitively (`"SECRETS"`, `"Secrets"` and `main."secrets"` are all `secrets`). A schema
 * prefix never hides a table: `main.secrets` and `public.secrets` count as `secrets` (on
 * PostgreSQL an unknown schema only makes the query fail, it cannot widen it).
 */
export interface TenantIdentifiers {
  isTenantTable(node: TableNode): boolean
  isTenantTableName(name: string): boolean
  isTenantColumnName(name: string): boolean
  /** A column or `table.column` reference naming the tenant column. */
  isTenantColumn(node: OperationNode): boolean
  /** `sql.table('secrets')`, `sql.id('secrets')`: a raw fragment naming a tenant table by a node. */
  rawNamesTenantTable(node: RawNode): boolean
}

/**
 * @example
 * const names = tenantIdentifiers('sqlite', new Set(['secrets']))
 * names.isTenantTableName('SECRETS') // true (false on PostgreSQL, where "SECRETS" is another table)
 */
export function tenantIdentifiers(dialect: DialectName, tenantTables: ReadonlySet<string>): TenantIdentifiers {
  const fold = dialect === 'sqlite' ? (name: string) => foldAsciiCase(name) : (name: string) => name
  const tables = new Set([...tenantTables].map(fold))
  const column = fold(TENANT_COLUMN)
  const isTenantTableName = (name: string) => tables.has(fold(name))
  const isTenantTable = (node: TableNode) => isTenantTableName(node.table.identifier.name)
  const isTenantColumnName = (name: string) => fold(name) === column
  return {
    isTenantTable,
    isTenantTableName,
    isTenantColumnName,
    isTenantColumn(node) {
      if (ColumnNode.is(node)) return isTenantColumnName(node.column.name)
      return ReferenceNode.is(node) && ColumnNode.is(node.column) && isTenantColumnName(node.column.column.name)
    },
    rawNamesTenantTable(node) {
      return node.parameters.some((child) => {
        const target = AliasNode.is(child) ? child.node : child
        return (TableNode.is(target) && isTenantTable(target)) || (IdentifierNode.is(target) && isTenantTableName(target.name))
      })
    },
  }
}

/** SQLite folds only ASCII letters when it compares identifiers. */
function foldAsciiCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase())
}
