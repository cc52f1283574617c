import type { Hono } from 'hono'

/**
 * Gatehouse's own routes as one pattern (`/things/:id` → `/things/[^/]+`), the middleware left
 * out: one regex test tells whether a path is Gatehouse's to answer.
 *
 * @example
 * routePatternOf(gatehouse.app).test('/session/new') // true
 */
export function routePatternOf(app: Hono): RegExp {
  const paths = new Set(app.routes.filter((route) => route.method !== 'ALL').map((route) => route.path))
  const patterns = [...paths].map((path) =>
    path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/'),
  )
  return new RegExp(`^(?:${patterns.join('|')})/?$`)
}
