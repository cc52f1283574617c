/** Who may call a route: anyone, only visitors who are not signed in, or only signed-in users. */
export type RouteAccess = 'anyone' | 'anonymous' | 'signed in' | 'owner' | 'owner or admin' | 'link holder' | 'development only' | 'unknown'

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
 * Names and access rules of the routes Gatehouse and its extensions mount: the HTTP contract
 * of DESIGN.md §3 (fixed, Pow-compatible). The routes themselves are read from the real app,
 * so a route not switched on is not listed; a route missing here is listed as `unknown` (and a
 * test fails until it is described).
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
  // Extensions
  'GET /reset-password/new': { name: 'reset_password.new', access: 'anonymous' },
  'POST /reset-password': { name: 'reset_password.create', access: 'anonymous' },
  'GET /reset-password/:token': { name: 'reset_password.edit', access: 'link holder' },
  'POST /reset-password/:token': { name: 'reset_password.update', access: 'link holder', overrideCarrier: true },
  'PATCH /reset-password/:token': { name: 'reset_password.update', access: 'link holder' },
  'PUT /reset-password/:token': { name: 'reset_password.update', access: 'link holder' },
  'GET /confirm-email/:token': { name: 'confirm_email.show', access: 'link holder' },
  'GET /invitations/new': { name: 'invitations.new', access: 'owner or admin' },
  'POST /invitations': { name: 'invitations.create', access: 'owner or admin' },
  'GET /invitations/:token/edit': { name: 'invitations.edit', access: 'link holder' },
  'POST /invitations/:token': { name: 'invitations.update', access: 'link holder', overrideCarrier: true },
  'PATCH /invitations/:token': { name: 'invitations.update', access: 'link holder' },
  'PUT /invitations/:token': { name: 'invitations.update', access: 'link holder' },
  'GET /account': { name: 'account.show', access: 'signed in' },
  'POST /account/members/:id': { name: 'account_members.update', access: 'owner', overrideCarrier: true },
  'PATCH /account/members/:id': { name: 'account_members.update', access: 'owner' },
  'PUT /account/members/:id': { name: 'account_members.update', access: 'owner' },
  'DELETE /account/members/:id': { name: 'account_members.delete', access: 'owner or admin' },
  'GET /account/members/:id/remove': { name: 'account_members.confirm_delete', access: 'owner or admin' },
  'POST /account': { name: 'account.delete', access: 'owner', overrideCarrier: true },
  'DELETE /account': { name: 'account.delete', access: 'owner' },
  'GET /account/delete': { name: 'account.confirm_delete', access: 'owner' },
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
