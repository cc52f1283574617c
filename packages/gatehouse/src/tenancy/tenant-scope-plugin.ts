import {
  AliasNode,
  AndNode,
  BinaryOperationNode,
  ColumnNode,
  IdentifierNode,
  OnNode,
  OperationNodeTransformer,
  OperatorNode,
  ParensNode,
  PrimitiveValueListNode,
  ReferenceNode,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  WhereNode,
} from 'kysely'
import type {
  ColumnUpdateNode,
  DeleteQueryNode,
  InsertQueryNode,
  JoinNode,
  KyselyPlugin,
  MergeQueryNode,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RawNode,
  RootOperationNode,
  SelectQueryNode,
  UnknownRow,
  UpdateQueryNode,
} from 'kysely'
import type { DialectName } from '../db/database.ts'
import { TenantScopeError } from './tenant-scope-error.ts'
import { TENANT_COLUMN, tenantIdentifiers } from './tenant-identifiers.ts'
import type { TenantIdentifiers } from './tenant-identifiers.ts'

export { TENANT_COLUMN }

/** A tenant table as it appears in one query: its name and the node to qualify columns with. */
interface TenantReference {
  readonly table: string
  readonly qualifier: TableNode
}

function tableName(node: TableNode): string {
  return node.table.identifier.name
}

type QueryId = Parameters<OperationNodeTransformer['transformNode']>[1]

/** SQLite's `INSERT OR REPLACE` deletes the conflicting row, whichever account owns it; `OR IGNORE` tells whether it exists. */
const REFUSED_OR_ACTIONS = new Set(['replace', 'ignore'])

/**
 * Rewrites every query of a scoped handle so it only sees and writes one account's rows:
 * - SELECT: `account_id = :id` for each tenant table in FROM (in WHERE) and in JOINs (in ON,
 *   so a LEFT JOIN stays a left join), at every nesting level (subqueries, CTEs, unions);
 * - UPDATE / DELETE: the same filter on the target (and joined) tables; `SET account_id` and
 *   raw-SQL `SET` targets are refused;
 * - INSERT: `account_id` is set to the scope's account, replacing any value the input carried;
 *   `INSERT … SELECT`, REPLACE, `OR REPLACE`, `OR IGNORE` and MERGE on tenant tables are refused;
 * - raw fragments naming a tenant table by a node (`sql.table`, `sql.id`) are refused: they
 *   cannot be scoped. Tables and columns are matched as the database resolves them.
 */
class TenantScopeTransformer extends OperationNodeTransformer {
  constructor(
    private readonly names: TenantIdentifiers,
    private readonly accountId: number,
  ) {
    super()
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: QueryId): SelectQueryNode {
    const query = super.transformSelectQuery(node, queryId)
    const where = this.filterFor(this.referencesIn(query.from?.froms ?? []), query.where)
    return { ...query, ...(where ? { where } : {}), ...(query.joins ? { joins: query.joins.map((j) => this.scopeJoin(j)) } : {}) }
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    const query = super.transformUpdateQuery(node, queryId)
    const targets = this.referencesIn([...(query.table ? [query.table] : []), ...(query.from?.froms ?? [])])
    if (targets.length > 0) this.refuseTenantColumnUpdates(query.updates ?? [], 'A scoped UPDATE')
    const where = this.filterFor(targets, query.where)
    return { ...query, ...(where ? { where } : {}), ...(query.joins ? { joins: query.joins.map((j) => this.scopeJoin(j)) } : {}) }
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId): DeleteQueryNode {
    const query = super.transformDeleteQuery(node, queryId)
    const where = this.filterFor(this.referencesIn([...query.from.froms, ...(query.using?.tables ?? [])]), query.where)
    return { ...query, ...(where ? { where } : {}), ...(query.joins ? { joins: query.joins.map((j) => this.scopeJoin(j)) } : {}) }
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const query = super.transformInsertQuery(node, queryId)
    if (!query.into || !this.names.isTenantTable(query.into)) return query
    const table = tableName(query.into)
    if (query.replace || query.ignore || (query.orAction && REFUSED_OR_ACTIONS.has(query.orAction.action.toLowerCase()))) {
      throw new TenantScopeError(`A scoped INSERT into ${table} cannot REPLACE or IGNORE: the conflicting row may belong to another account`)
    }
    if (!query.values || !ValuesNode.is(query.values)) {
      throw new TenantScopeError(`A scoped INSERT into ${table} needs VALUES (INSERT … SELECT cannot be scoped)`)
    }
    const columns = [...(query.columns ?? [])]
    let indexes = columns.flatMap((c, i) => (this.names.isTenantColumnName(c.column.name) ? [i] : []))
    if (indexes.length === 0) {
      columns.push(ColumnNode.create(TENANT_COLUMN))
      indexes = [columns.length - 1]
    }
    const rows = query.values.values.map((row) => {
      if (PrimitiveValueListNode.is(row)) {
        const values = [...row.values]
        for (const index of indexes) values[index] = this.accountId
        return PrimitiveValueListNode.create(values)
      }
      const values = [...(row as ValueListNode).values]
      for (const index of indexes) values[index] = ValueNode.create(this.accountId)
      return ValueListNode.create(values)
    })
    let onConflict = query.onConflict
    if (onConflict?.updates) {
      this.refuseTenantColumnUpdates(onConflict.updates, 'A scoped upsert')
      onConflict = { ...onConflict, updateWhere: WhereNode.create(andAlso(onConflict.updateWhere?.where, this.equalsAccount(query.into))) }
    }
    return { ...query, columns, values: ValuesNode.create(rows), ...(onConflict ? { onConflict } : {}) }
  }

  protected override transformMergeQuery(node: MergeQueryNode, queryId?: QueryId): MergeQueryNode {
    if (this.referencesIn([node.into, ...(node.using ? [node.using.table] : [])]).length > 0) {
      throw new TenantScopeError('MERGE on a tenant table cannot be scoped; use INSERT/UPDATE/DELETE')
    }
    return super.transformMergeQuery(node, queryId)
  }

  protected override transformRaw(node: RawNode, queryId?: QueryId): RawNode {
    if (this.names.rawNamesTenantTable(node)) {
      throw new TenantScopeError('sql.table()/sql.id() naming a tenant table cannot be scoped: use the query builder, or write the whole query as raw SQL with its own account_id filter')
    }
    return super.transformRaw(node, queryId)
  }

  private refuseTenantColumnUpdates(updates: ReadonlyArray<ColumnUpdateNode>, what: string): void {
    for (const update of updates) {
      if (!ColumnNode.is(update.column) && !ReferenceNode.is(update.column)) {
        throw new TenantScopeError(`${what} of a tenant table cannot SET a raw-SQL target: name the column`)
      }
      if (this.names.isTenantColumn(update.column)) throw new TenantScopeError(`${what} cannot change ${TENANT_COLUMN}: rows never move between accounts`)
    }
  }

  private referencesIn(items: ReadonlyArray<OperationNode>): TenantReference[] {
    const references: TenantReference[] = []
    for (const item of items) {
      if (TableNode.is(item) && this.names.isTenantTable(item)) {
        references.push({ table: tableName(item), qualifier: item })
      } else if (AliasNode.is(item) && TableNode.is(item.node) && this.names.isTenantTable(item.node)) {
        if (!IdentifierNode.is(item.alias)) throw new TenantScopeError(`A scoped query on ${tableName(item.node)} needs a plain alias`)
        references.push({ table: tableName(item.node), qualifier: TableNode.create(item.alias.name) })
      }
    }
    return references
  }

  private equalsAccount(qualifier: TableNode): OperationNode {
    return BinaryOperationNode.create(ReferenceNode.create(ColumnNode.create(TENANT_COLUMN), qualifier), OperatorNode.create('='), ValueNode.create(this.accountId))
  }

  private filterFor(references: TenantReference[], where: WhereNode | undefined): WhereNode | undefined {
    if (references.length === 0) return where
    const scope = references.map((r) => this.equalsAccount(r.qualifier)).reduce((all, condition) => AndNode.create(all, condition))
    return WhereNode.create(andAlso(where?.where, scope))
  }

  private scopeJoin(join: JoinNode): JoinNode {
    const [reference] = this.referencesIn([join.table])
    if (!reference) return join
    if (!join.on) {
      throw new TenantScopeError(`A scoped ${join.joinType} of ${reference.table} needs an ON condition`)
    }
    return { ...join, on: OnNode.create(andAlso(join.on.on, this.equalsAccount(reference.qualifier))) }
  }
}

/**
 * `(existing) and condition`. The parentheses matter: an existing condition written as raw SQL
 * (`where(sql\`a or b\`)`) is not parenthesised by Kysely, and `a or b and account_id = 1`
 * would let `a` match every account's rows.
 */
function andAlso(existing: OperationNode | undefined, condition: OperationNode): OperationNode {
  if (existing === undefined) return condition
  return AndNode.create(ParensNode.is(existing) ? existing : ParensNode.create(existing), condition)
}

/**
 * Refuses any query that mentions a tenant table, by any spelling the database accepts, or names
 * one through `sql.table()` / `sql.id()`: the guard on the unscoped handle.
 */
class TenantGuardTransformer extends OperationNodeTransformer {
  constructor(private readonly names: TenantIdentifiers) {
    super()
  }

  protected override transformTable(node: TableNode): TableNode {
    if (this.names.isTenantTable(node)) throw refusedOutsideScope(tableName(node))
    return node
  }

  protected override transformRaw(node: RawNode, queryId?: QueryId): RawNode {
    for (const child of node.parameters) {
      if (IdentifierNode.is(child) && this.names.isTenantTableName(child.name)) throw refusedOutsideScope(child.name)
    }
    return super.transformRaw(node, queryId)
  }
}

function refusedOutsideScope(name: string): TenantScopeError {
  return new TenantScopeError(
    `"${name}" is a tenant table: query it inside gatehouse.withTenant(accountId, (db) => …) (or, for admin jobs only, gatehouse.unscopedDb('why'))`,
  )
}

/** The plugin of a scoped handle: every query limited to `accountId`. */
export function tenantScopePlugin(tenantTables: ReadonlySet<string>, accountId: number, dialect: DialectName): KyselyPlugin {
  return pluginFrom(new TenantScopeTransformer(tenantIdentifiers(dialect, tenantTables), accountId))
}

/** The plugin of the unscoped handle: tenant tables are off limits. */
export function tenantGuardPlugin(tenantTables: ReadonlySet<string>, dialect: DialectName): KyselyPlugin {
  return pluginFrom(new TenantGuardTransformer(tenantIdentifiers(dialect, tenantTables)))
}

function pluginFrom(transformer: OperationNodeTransformer): KyselyPlugin {
  return {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => transformer.transformNode(args.node, args.queryId),
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  }
}
