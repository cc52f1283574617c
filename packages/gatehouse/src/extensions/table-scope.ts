import { OperationNodeTransformer } from 'kysely'
import type { Kysely, ReferenceNode, TableNode, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import type { GatehouseTables } from '../db/schema.ts'

/** A table of Gatehouse's own schema, as a manifest names the ones it reads (`reads: ['users']`). */
export type CoreTableName = keyof GatehouseTables & string

/**
 * The database an extension sees: the core tables its manifest reads and its own tables.
 *
 * @example
 * type Db = ExtensionDb<InvitationsTables, 'users' | 'accounts'>
 */
export type ExtensionDb<Tables, Reads extends CoreTableName> = Kysely<ExtensionDatabase<Tables, Reads>>

/** The row types behind `ExtensionDb`: the core tables an extension reads, and its own. */
export type ExtensionDatabase<Tables, Reads extends CoreTableName> = Pick<GatehouseTables, Reads> & Tables

/**
 * Thrown when an extension's query names a table its manifest neither owns (`tables`) nor reads
 * (`reads`). It is a programming error, caught by the extension's own tests, so it is thrown.
 */
export class ExtensionTableError extends Error {
  override name = 'ExtensionTableError'
}

/**
 * The extension's handle on the database: the same connection pool (or transaction) as `db`,
 * with every query checked against the tables the extension declared. It is a guard against
 * mistakes, not a sandbox: an extension is the app's own code and raw `sql` is not parsed.
 *
 * @example
 * const db = scopeToTables(core.db, 'invitations', ['invitations', 'users', 'accounts'])
 * await db.selectFrom('sessions').selectAll().execute() // throws ExtensionTableError
 */
export function scopeToTables<Database>(db: Kysely<Database>, extension: string, tables: Iterable<string>): Kysely<Database> {
  return db.withPlugin(tableScopePlugin(extension, new Set([...tables].map((name) => name.toLowerCase()))))
}

/**
 * The unchecked handle behind a scoped one, on the same connection or transaction: the kit's
 * own services (mailed tokens, the outbox) write core tables inside the extension's transaction.
 * Gatehouse's core handle carries no plugin of its own, so dropping them all drops only the scope.
 */
export function unscoped<Database>(db: Kysely<Database>): Kysely<GatehouseTables> {
  return db.withoutPlugins() as unknown as Kysely<GatehouseTables>
}

function tableScopePlugin(extension: string, allowed: ReadonlySet<string>): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const commonTables = 'with' in args.node && args.node.with ? args.node.with.expressions.map((cte) => cte.name.table.table.identifier.name.toLowerCase()) : []
      const check = new TableScopeCheck(extension, commonTables.length === 0 ? allowed : new Set([...allowed, ...commonTables]))
      return check.transformNode(args.node, args.queryId)
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  }
}

class TableScopeCheck extends OperationNodeTransformer {
  constructor(
    private readonly extension: string,
    private readonly allowed: ReadonlySet<string>,
  ) {
    super()
  }

  // `t.id`: a column's qualifier is a table node too, but it names an alias or a table already
  // checked where the query brings it in (FROM, JOIN, INTO…).
  protected override transformReference(node: ReferenceNode): ReferenceNode {
    return node
  }

  protected override transformTable(node: TableNode): TableNode {
    const name = node.table.identifier.name
    if (!this.allowed.has(name.toLowerCase())) {
      throw new ExtensionTableError(
        `the ${this.extension} extension queried "${name}", which its manifest neither owns (tables) nor reads (reads): add it to reads, or use the kit's service for it`,
      )
    }
    return node
  }
}
