import type { Context, Handler } from 'hono'

type StateMethod = 'POST' | 'PATCH' | 'PUT' | 'DELETE'
/** Methods an HTML form sends as a POST with `_method`. */
export const OVERRIDABLE_METHODS: ReadonlySet<string> = new Set(['PATCH', 'PUT', 'DELETE'])

/**
 * The method a request means: HTML forms can only POST, so `_method=delete|patch|put` in a
 * POSTed form stands for that method (Phoenix's convention). Real DELETE/PATCH requests work too.
 */
export function effectiveMethod(c: Context): string {
  if (c.req.method !== 'POST') return c.req.method
  const override = c.get('form')?.get('_method')?.toUpperCase()
  return override && OVERRIDABLE_METHODS.has(override) ? override : 'POST'
}

/**
 * One handler per effective method for a path; register it for POST and the real methods.
 *
 * @example
 * const handler = byMethod({ POST: signIn, DELETE: signOut })
 * app.on(['POST', 'DELETE'], '/session', handler)
 */
export function byMethod(handlers: Partial<Record<StateMethod, Handler>>): Handler {
  return function dispatchByMethod(c, next) {
    const handler = handlers[effectiveMethod(c) as StateMethod]
    return handler ? handler(c, next) : c.notFound()
  }
}
