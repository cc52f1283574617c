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
  DeleteQueryNode,
  InsertQueryNode,
  JoinNode,
  KyselyPlugin,
  MergeQueryNode,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  SelectQueryNode,
  UnknownRow,
  UpdateQueryNode,
} from 'kysely'
import { TenantScopeError } from './tenant-scope-error.ts'

export const TENANT_COLUMN = 'account_id'

/** A tenant table as it appears in one query: its name and the name to qualify columns with. */
interface TenantReference {
  readonly table: string
  readonly qualifier: string
}

function tableName(node: TableNode): string {
  return node.table.identifier.name
}

/**
 * Rewrites every query of a scoped handle so it only sees and writes one account's rows:
 * - SELECT: `account_id = :id` for each tenant table in FROM (in WHERE) and in JOINs (in ON,
 *   so a LEFT JOIN stays a left join), at every nesting level (subqueries, CTEs);
 * - UPDATE / DELETE: the same filter on the target (and joined) tables; `SET account_id` is refused;
 * - INSERT: `account_id` is set to the scope's account, replacing any value the input carried;
 *   `INSERT … SELECT` and MERGE on tenant tables are refused.
 */
class TenantScopeTransformer extends OperationNodeTransformer {
  constructor(
    private readonly tenantTables: ReadonlySet<string>,
    private readonly accountId: number,
  ) {
    super()
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): SelectQueryNode {
    const query = super.transformSelectQuery(node, queryId)
    const where = this.filterFor(this.referencesIn(query.from?.froms ?? []), query.where)
    return { ...query, ...(where ? { where } : {}), ...(query.joins ? { joins: query.joins.map((j) => this.scopeJoin(j)) } : {}) }
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): UpdateQueryNode {
    const query = super.transformUpdateQuery(node, queryId)
    const targets = this.referencesIn([...(query.table ? [query.table] : []), ...(query.from?.froms ?? [])])
    if (targets.length > 0 && query.updates?.some((u) => isTenantColumn(u.column))) {
      throw new TenantScopeError(`A scoped UPDATE cannot change ${TENANT_COLUMN}: rows never move between accounts`)
    }
    const where = this.filterFor(targets, query.where)
    return { ...query, ...(where ? { where } : {}), ...(query.joins ? { joins: query.joins.map((j) => this.scopeJoin(j)) } : {}) }
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): DeleteQueryNode {
    const query = super.transformDeleteQuery(node, queryId)
    const where = this.filterFor(this.referencesIn([...query.from.froms, ...(query.using?.tables ?? [])]), query.where)
    return { ...query, ...(where ? { where } : {}), ...(query.joins ? { joins: query.joins.map((j) => this.scopeJoin(j)) } : {}) }
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): InsertQueryNode {
    const query = super.transformInsertQuery(node, queryId)
    if (!query.into || !this.tenantTables.has(tableName(query.into))) return query
    if (!query.values || !ValuesNode.is(query.values)) {
      throw new TenantScopeError(`A scoped INSERT into ${tableName(query.into)} needs VALUES (INSERT … SELECT cannot be scoped)`)
    }
    const columns = [...(query.columns ?? [])]
    let index = columns.findIndex((c) => c.column.name === TENANT_COLUMN)
    if (index === -1) {
      columns.push(ColumnNode.create(TENANT_COLUMN))
      index = columns.length - 1
    }
    const rows = query.values.values.map((row) => {
      if (PrimitiveValueListNode.is(row)) {
        const values = [...row.values]
        values[index] = this.accountId
        return PrimitiveValueListNode.create(values)
      }
      const values = [...(row as ValueListNode).values]
      values[index] = ValueNode.create(this.accountId)
      return ValueListNode.create(values)
    })
    let onConflict = query.onConflict
    if (onConflict?.updates) {
      if (onConflict.updates.some((u) => isTenantColumn(u.column))) throw new TenantScopeError(`A scoped upsert cannot change ${TENANT_COLUMN}`)
      onConflict = { ...onConflict, updateWhere: WhereNode.create(andAlso(onConflict.updateWhere?.where, this.equalsAccount(tableName(query.into)))) }
    }
    return { ...query, columns, values: ValuesNode.create(rows), ...(onConflict ? { onConflict } : {}) }
  }

  protected override transformMergeQuery(node: MergeQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): MergeQueryNode {
    if (this.referencesIn([node.into, ...(node.using ? [node.using.table] : [])]).length > 0) {
      throw new TenantScopeError('MERGE on a tenant table cannot be scoped; use INSERT/UPDATE/DELETE')
    }
    return super.transformMergeQuery(node, queryId)
  }

  private referencesIn(items: ReadonlyArray<OperationNode>): TenantReference[] {
    const references: TenantReference[] = []
    for (const item of items) {
      if (TableNode.is(item) && this.tenantTables.has(tableName(item))) {
        references.push({ table: tableName(item), qualifier: tableName(item) })
      } else if (AliasNode.is(item) && TableNode.is(item.node) && this.tenantTables.has(tableName(item.node)) && IdentifierNode.is(item.alias)) {
        references.push({ table: tableName(item.node), qualifier: item.alias.name })
      }
    }
    return references
  }

  private equalsAccount(qualifier: string): OperationNode {
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create(TENANT_COLUMN), TableNode.create(qualifier)),
      OperatorNode.create('='),
      ValueNode.create(this.accountId),
    )
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

function isTenantColumn(node: OperationNode): boolean {
  return ColumnNode.is(node) ? node.column.name === TENANT_COLUMN : ReferenceNode.is(node) && ColumnNode.is(node.column) && node.column.column.name === TENANT_COLUMN
}

/** Refuses any query that mentions a tenant table: the guard on the unscoped handle. */
class TenantGuardTransformer extends OperationNodeTransformer {
  constructor(private readonly tenantTables: ReadonlySet<string>) {
    super()
  }

  protected override transformTable(node: TableNode): TableNode {
    const name = tableName(node)
    if (this.tenantTables.has(name)) {
      throw new TenantScopeError(
        `"${name}" is a tenant table: query it inside gatehouse.withTenant(accountId, (db) => …) (or, for admin jobs only, gatehouse.unscopedDb('why'))`,
      )
    }
    return node
  }
}

/** The plugin of a scoped handle: every query limited to `accountId`. */
export function tenantScopePlugin(tenantTables: ReadonlySet<string>, accountId: number): KyselyPlugin {
  return pluginFrom(new TenantScopeTransformer(tenantTables, accountId))
}

/** The plugin of the unscoped handle: tenant tables are off limits. */
export function tenantGuardPlugin(tenantTables: ReadonlySet<string>): KyselyPlugin {
  return pluginFrom(new TenantGuardTransformer(tenantTables))
}

function pluginFrom(transformer: OperationNodeTransformer): KyselyPlugin {
  return {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => transformer.transformNode(args.node, args.queryId),
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  }
}

