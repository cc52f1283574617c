import { Command, ConnectionBuilder, ControlledTransactionBuilder, Kysely, TransactionBuilder } from 'kysely'
import { TenantScopeError } from './tenant-scope-error.ts'

/** Whatever hands out database handles: they carry the seal on to everything they derive. */
const DERIVING = [Kysely, ConnectionBuilder, TransactionBuilder, ControlledTransactionBuilder, Command] as const

/**
 * Wraps a scoped or guarded handle so `withoutPlugins()` throws, on it and on everything derived
 * from it (`withPlugin`, `withSchema`, transactions, connections, `getExecutor()`): dropping the
 * plugins would silently drop the tenant scope or the guard. `unscopedDb(reason)` is the one way
 * out, and it says why.
 *
 * @example
 * const guarded = sealPlugins(db.withPlugin(tenantGuardPlugin(tables, 'sqlite')), 'the tenant guard')
 * guarded.withoutPlugins() // throws TenantScopeError
 */
export function sealPlugins<T extends object>(handle: T, what: string): T {
  return seal(handle, what, false)
}

function seal<T extends object>(target: T, what: string, executor: boolean): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object)
      if (property === 'withoutPlugins') {
        return () => {
          throw new TenantScopeError(`withoutPlugins() would drop ${what}; use unscopedDb('why') for work that must cross accounts`)
        }
      }
      if (typeof value !== 'function') return value
      const returnsExecutor = executor || property === 'getExecutor'
      return (...args: unknown[]) => {
        const sealedArgs = args.map((arg) => (typeof arg === 'function' ? (...inner: unknown[]) => (arg as (...a: unknown[]) => unknown)(...inner.map((x) => sealResult(x, what, false))) : arg))
        return sealResult((value as (...a: unknown[]) => unknown).apply(object, sealedArgs), what, returnsExecutor)
      }
    },
  })
}

function sealResult(value: unknown, what: string, executor: boolean): unknown {
  if (value instanceof Promise) return value.then((resolved: unknown) => sealResult(resolved, what, executor))
  if (typeof value !== 'object' || value === null) return value
  if (executor && typeof (value as { withoutPlugins?: unknown }).withoutPlugins === 'function') return seal(value, what, true)
  return DERIVING.some((type) => value instanceof type) ? seal(value, what, false) : value
}
