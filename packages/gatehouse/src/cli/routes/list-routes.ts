import type { AppRoute } from '../app-config.ts'
import type { RouteAccess } from './route-catalogue.ts'
import { conventionalRouteName, routeCatalogue } from './route-catalogue.ts'
import type { AnyExtensionManifest } from '../../extensions/manifest.ts'

/** One line of `gatehouse routes`. */
export interface ListedRoute {
  readonly method: string
  readonly path: string
  readonly name: string
  readonly access: RouteAccess
  /** `gatehouse` for Gatehouse's and its extensions' routes, `app` for the app's own. */
  readonly owner: 'gatehouse' | 'app'
}

/** Gatehouse's guards are named functions: seeing one in a route's chain tells who may call it. */
const GUARD_ACCESS: Readonly<Record<string, RouteAccess>> = {
  requireAuthenticated: 'signed in',
  requireNotAuthenticated: 'anonymous',
}

const LISTED_METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])

/**
 * Every route of a Hono app (`app.routes`: middleware entries are read for guards, not
 * listed), described: Gatehouse's from its route catalogue and its extensions' manifests, the
 * app's by the guards in their chain and Phoenix-style names. `gatehouse` tells which routes
 * Gatehouse mounted and which extensions are on.
 *
 * @example
 * listRoutes(app.routes, gatehouse)
 */
export function listRoutes(routes: readonly AppRoute[], gatehouse: { readonly app: { readonly routes: readonly AppRoute[] }; readonly extensions: readonly AnyExtensionManifest[] }): ListedRoute[] {
  const fromGatehouse = new Set(gatehouse.app.routes.map((r) => `${r.method} ${r.path}`))
  const catalogue = routeCatalogue(gatehouse.extensions)
  const listed = new Map<string, ListedRoute>()
  routes.forEach((route, index) => {
    const key = `${route.method} ${route.path}`
    if (!LISTED_METHODS.has(route.method) || listed.has(key)) return
    if (fromGatehouse.has(key)) {
      const info = catalogue[key]
      if (info?.overrideCarrier) return
      listed.set(key, { method: route.method, path: route.path, name: info?.name ?? conventionalRouteName(route.method, route.path), access: info?.access ?? 'unknown', owner: 'gatehouse' })
      return
    }
    if (isOverrideCarrier(routes, route)) return
    listed.set(key, { method: route.method, path: route.path, name: nameOf(routes, route), access: guardAccess(routes, index, route), owner: 'app' })
  })
  return [...listed.values()]
}

/**
 * `app.on(['POST', 'PATCH', 'DELETE'], '/secrets/:id', byMethod(…))`: on a member path, a POST
 * sharing its handler with PATCH/PUT/DELETE only carries HTML forms' `_method`.
 */
function isOverrideCarrier(routes: readonly AppRoute[], route: AppRoute): boolean {
  if (route.method !== 'POST' || !route.path.split('/').at(-1)?.startsWith(':')) return false
  return routes.some((r) => r.path === route.path && r.handler === route.handler && ['PATCH', 'PUT', 'DELETE'].includes(r.method))
}

/** The handler's own name when it has one (`function showDashboard`), else the convention. */
function nameOf(routes: readonly AppRoute[], route: AppRoute): string {
  const handlers = routes.filter((r) => r.method === route.method && r.path === route.path).map((r) => functionName(r.handler))
  const named = handlers.at(-1)
  return named && !(named in GUARD_ACCESS) && named !== 'dispatchByMethod' ? named : conventionalRouteName(route.method, route.path)
}

/** The access of the last Gatehouse guard that runs before this route's handler, or `anyone`. */
function guardAccess(routes: readonly AppRoute[], index: number, route: AppRoute): RouteAccess {
  let access: RouteAccess = 'anyone'
  routes.forEach((entry, i) => {
    const appliesBefore = i <= index || (entry.method === route.method && entry.path === route.path)
    const guard = GUARD_ACCESS[functionName(entry.handler)]
    if (!guard || !appliesBefore) return
    if ((entry.method === route.method || entry.method === 'ALL') && patternCovers(entry.path, route.path)) access = guard
  })
  return access
}

function patternCovers(pattern: string, path: string): boolean {
  if (pattern === path || pattern === '/*' || pattern === '*') return true
  return pattern.endsWith('/*') && (path === pattern.slice(0, -2) || path.startsWith(pattern.slice(0, -1)))
}

function functionName(handler: unknown): string {
  return typeof handler === 'function' ? handler.name : ''
}
