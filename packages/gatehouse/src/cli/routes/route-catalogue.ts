import type { RouteAccess, RouteDescription } from '../../extensions/manifest.ts'

export type { RouteAccess }

/** What `gatehouse routes` says about one route besides its method and path. */
export interface RouteInfo {
  readonly name: string
  readonly access: RouteAccess
  /**
   * Registered for POST only so that HTML forms can send PATCH/PUT/DELETE with `_method`: not
   * an action of its own, so the table leaves it out (as `mix phx.routes` does).
   */
  readonly overrideCarrier?: true
}

/**
 * Names and access rules of Gatehouse's own routes: the HTTP contract of DESIGN.md §3 (fixed,
 * Pow-compatible). Extensions describe theirs in their manifest's `routes`. The routes
 * themselves are read from the real app, so a route not switched on is not listed; a route
 * described nowhere is listed as `unknown` (and a test fails until it is described).
 */
export const ROUTE_CATALOGUE: Readonly<Record<string, RouteInfo>> = {
  'GET /session/new': { name: 'session.new', access: 'anonymous' },
  'POST /session': { name: 'session.create', access: 'anonymous' },
  'DELETE /session': { name: 'session.delete', access: 'signed in' },
  'GET /registration/new': { name: 'registration.new', access: 'anonymous' },
  'POST /registration': { name: 'registration.create', access: 'anonymous' },
  'GET /registration/edit': { name: 'registration.edit', access: 'signed in' },
  'PATCH /registration': { name: 'registration.update', access: 'signed in' },
  'PUT /registration': { name: 'registration.update', access: 'signed in' },
  'DELETE /registration': { name: 'registration.delete', access: 'signed in' },
  'GET /registration/delete': { name: 'registration.confirm_delete', access: 'signed in' },
  'GET /gatehouse/assets/gatehouse.css': { name: 'stylesheet', access: 'anyone' },
  'GET /dev/mailbox': { name: 'dev_mailbox.index', access: 'development only' },
  'GET /dev/mailbox/:id': { name: 'dev_mailbox.show', access: 'development only' },
}

/**
 * A name for a route nobody described, after Phoenix's resource conventions:
 * `GET /secrets` → `secrets.index`, `GET /secrets/:id/edit` → `secrets.edit`,
 * `DELETE /secrets/:id` → `secrets.delete`, `GET /` → `home`.
 *
 * @example
 * conventionalRouteName('PATCH', '/secrets/:id') // 'secrets.update'
 */
export function conventionalRouteName(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '*')
  if (segments.length === 0) return 'home'
  const last = segments.at(-1) ?? ''
  const statics = segments.filter((s) => !s.startsWith(':'))
  const named = last === 'new' || last === 'edit'
  const resource = (named ? statics.slice(0, -1) : statics).join('_').replace(/[^A-Za-z0-9_]/g, '_') || 'root'
  if (named) return `${resource}.${last}`
  const onMember = last.startsWith(':')
  const action: Record<string, string> = onMember
    ? { GET: 'show', PATCH: 'update', PUT: 'update', DELETE: 'delete', POST: 'create' }
    : { GET: 'index', POST: 'create', PATCH: 'update', PUT: 'update', DELETE: 'delete' }
  return `${resource}.${action[method] ?? method.toLowerCase()}`
}

/**
 * Gatehouse's catalogue plus every switched-on extension's described routes, by `METHOD /path`.
 *
 * @example
 * routeCatalogue(gatehouse.extensions)['GET /session/new'] // { name: 'session.new', access: 'anonymous' }
 */
export function routeCatalogue(extensions: ReadonlyArray<{ readonly routes?: readonly RouteDescription[] }>): Readonly<Record<string, RouteInfo>> {
  const catalogue: Record<string, RouteInfo> = { ...ROUTE_CATALOGUE }
  for (const extension of extensions) {
    for (const { method, path, ...info } of extension.routes ?? []) catalogue[`${method} ${path}`] = info
  }
  return catalogue
}
