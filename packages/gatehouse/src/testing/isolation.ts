import { csrfTokenIn, IsolationClient } from './client.ts'
import type { FetchHandler } from './client.ts'
import { differenceBetween, shapeOf } from './compare.ts'
import type { ResponseShape } from './compare.ts'
import { fieldsFor, postFormsIn } from './forms.ts'
import type { FoundForm } from './forms.ts'

/** One route of the app: Hono's `app.routes` entries fit as they are (`ALL` middleware entries are ignored). */
export interface IsolationRoute {
  readonly method: string
  readonly path: string
}

/** One of the two accounts the check registers. */
export interface IsolationAccount {
  readonly label: 'A' | 'B'
  /** The random text this account's seeded data must contain (lower-case letters, digits, `-`). */
  readonly marker: string
  readonly email: string
  readonly password: string
  readonly accountName: string
}

/** The ids `seed` created, per path parameter name: `{ id: ['12', '13'] }`. */
export type SeededIds = Readonly<Record<string, ReadonlyArray<string | number>>>

export interface CheckTenantIsolationOptions {
  /** The app as a fetch handler: `app.request`, `app.fetch`, `gatehouse.fetch`… */
  readonly fetch: FetchHandler
  /** The origin requests are addressed to (default `http://localhost`). */
  readonly origin?: string
  /**
   * The routes to replay: pass your resource routes (e.g. `app.routes.filter((r) => r.path.startsWith('/secrets'))`),
   * not the sign-in and registration routes. `ALL` entries, duplicates and HEAD/OPTIONS are ignored.
   */
  readonly routes: readonly IsolationRoute[]
  /**
   * Creates data for one signed-in account through the app's routes, putting `marker` in what
   * the pages show, and returns the ids it created for each path parameter of `routes`.
   */
  readonly seed: (client: IsolationClient, marker: string, account: IsolationAccount) => Promise<SeededIds>
  /**
   * Registers (and signs in) one account. Default: Pow's contract, `GET /registration/new` then
   * `POST /registration` with `user[email]`, `user[password]`, `user[password_confirmation]`,
   * `user[account_name]` and the page's `_csrf_token`, expecting a redirect.
   */
  readonly register?: (client: IsolationClient, account: IsolationAccount) => Promise<void>
  /**
   * The fields sent with a state-changing request to `route`. Return undefined to use the
   * default: the fields of the app's own form for that route, found on A's pages, filled with
   * values containing A's marker.
   */
  readonly formFields?: (route: IsolationRoute, marker: string) => Record<string, string> | undefined
  /**
   * Form fields that name an account (e.g. `['secret[account_id]', 'account_id']`): every
   * state-changing request then also carries them with B's account id. Needs `accountIdOf`.
   */
  readonly accountFields?: readonly string[]
  /** The id of an account as the app's forms would name it (needed with `accountFields`). */
  readonly accountIdOf?: (account: IsolationAccount) => string | number | Promise<string | number>
  /** Extra normalisation of bodies before they are compared (timestamps, nonces…). */
  readonly normalize?: (body: string) => string
  /**
   * An id that names no row, for a parameter. Default: for numeric ids the largest seeded one
   * plus 1,000,000; a random UUID for UUIDs; else a random string of the same shape.
   */
  readonly missingId?: (param: string, seededIds: readonly string[]) => string
  /** Ids that cannot name a row, inserted into the path as given (already URL-encoded). */
  readonly malformedIds?: readonly string[]
  /** How PATCH, PUT and DELETE are sent: as an HTML form (POST + `_method`), natively, or both (default). */
  readonly methodOverride?: 'both' | 'form' | 'native'
  /** The CSRF field of the app's forms (default `_csrf_token`). */
  readonly csrfField?: string
}

/** Why a request counts as a leak. */
export type IsolationLeakKind =
  /** The response shows B's marker, email or account name. */
  | 'shows-data'
  /** B's id got another answer than an id that names nothing: the app tells "exists elsewhere" from "missing". */
  | 'not-like-missing'
  /** B's pages read differently after the request (B's data changed, or A's input reached B). */
  | 'changes-data'
  /** A 5xx answer (or the handler threw). */
  | 'server-error'

export interface IsolationLeak {
  /** The route, e.g. `PATCH /secrets/:id`. */
  readonly route: string
  /** The request as sent, e.g. `POST /secrets/12 (_method=patch)`. */
  readonly request: string
  readonly kind: IsolationLeakKind
  readonly reason: string
}

export interface IsolationRouteReport {
  readonly method: string
  readonly path: string
  /** Requests sent to this route with A's session. */
  readonly requests: number
  readonly leaks: number
  /** Set when the route could not be replayed, with the reason (it is then not covered). */
  readonly skipped?: string
}

/**
 * What a replayed request aimed at: B's ids; an id that names nothing or a malformed one (to
 * compare with); A's own ids (a control, and with `accountFields` an attempt to move A's row to
 * B); a route without ids (A's own list and create, with `accountFields` naming B's account).
 */
export type RequestTarget = 'b-id' | 'missing-id' | 'malformed-id' | 'own-id' | 'no-id'

export interface IsolationReport {
  /** Every request sent with A's session in the replay: the sum of `breakdown`. */
  readonly requests: number
  readonly breakdown: Readonly<Record<RequestTarget, number>>
  /** Requests spent on setting up and re-reading B's pages (not counted in `requests`). */
  readonly setupRequests: number
  readonly leaks: readonly IsolationLeak[]
  readonly routes: readonly IsolationRouteReport[]
  readonly accounts: { readonly A: IsolationAccount; readonly B: IsolationAccount }
}

/**
 * The check could not run as configured (registration failed, ids missing, B's data not shown,
 * A's own requests refused…): not a verdict on isolation, and never a pass.
 *
 * @example
 * await assert.rejects(checkTenantIsolation({ ...options, seed: async () => ({}) }), IsolationSetupError)
 */
export class IsolationSetupError extends Error {
  override name = 'IsolationSetupError'
}

const DEFAULT_MALFORMED_IDS = ['abc', '0', '-1', '1.5', '99999999999999999999', '%00']
const MAX_COMBINATIONS = 20
const REFUSED = new Set([401, 403])

interface RouteState {
  readonly method: string
  readonly path: string
  readonly params: readonly string[]
  requests: number
  leaks: number
  skipped?: string
}

interface Page {
  readonly route: RouteState
  readonly path: string
  shape: ResponseShape
  raw: string
}

/**
 * Checks that one account cannot see, change or even detect another account's data through
 * any of `routes`. It registers accounts A and B, seeds both with distinct random markers,
 * reads B's pages (every GET route with B's ids), then replays every route and verb with a
 * path parameter with A's session: with B's ids, with an id that names nothing and with
 * malformed ids, sending A's CSRF token and form fields (PATCH/PUT/DELETE also as HTML forms
 * with `_method`). Parameterless GET routes are read as A, parameterless POST/PATCH/PUT routes
 * are sent as A (with `accountFields` naming B's account when given).
 *
 * A leak is: a response showing B's marker, email or account name; an answer for B's id that is
 * not the same as for the missing id (see `compare.ts` for "the same": status, Location,
 * Content-Type, cookie names and body after blanking CSRF tokens, the request path and what
 * `normalize` removes); B's pages reading differently after a state-changing request (re-read
 * after each one); any 5xx.
 *
 * Every cross-account request is sent with A's cookies as they were after seeding, and the
 * cookies it sets are dropped, so one answer (a flash, a redirect) cannot colour the next.
 * Controls make a silent pass impossible: B's pages must show B's marker and read the same
 * twice, A's own pages must open, and A's own state-changing requests must not be refused (401/403);
 * otherwise it throws `IsolationSetupError`.
 *
 * @example
 * const report = await checkTenantIsolation({
 *   fetch: (request) => app.request(request),
 *   routes: app.routes.filter((route) => route.path.startsWith('/secrets')),
 *   async seed(client, marker) {
 *     await client.get('/secrets/new')
 *     const created = await client.submit('/secrets', { 'secret[key]': `${marker}-key`, 'secret[value]': marker })
 *     return { id: [created.headers.get('location')!.split('/').pop()!] }
 *   },
 * })
 * assert.deepEqual(report.leaks, [], formatIsolationReport(report))
 */
export async function checkTenantIsolation(options: CheckTenantIsolationOptions): Promise<IsolationReport> {
  const origin = options.origin ?? 'http://localhost'
  const csrfField = options.csrfField ?? '_csrf_token'
  const malformedIds = options.malformedIds ?? DEFAULT_MALFORMED_IDS
  const override = options.methodOverride ?? 'both'
  if (options.accountFields?.length && !options.accountIdOf) throw new IsolationSetupError('accountFields needs accountIdOf: the helper cannot guess how the app names an account')

  let setupRequests = 0
  const counted: FetchHandler = (request) => {
    setupRequests++
    return options.fetch(request)
  }

  const routes = collectRoutes(options.routes)
  const A = newAccount('A')
  const B = newAccount('B')
  const clientA = new IsolationClient(counted, origin, csrfField)
  const clientB = new IsolationClient(counted, origin, csrfField)
  for (const [account, client] of [
    [A, clientA],
    [B, clientB],
  ] as const) {
    await (options.register ?? defaultRegister)(client, account)
  }

  const idsA = normaliseIds(await options.seed(clientA, A.marker, A))
  const idsB = normaliseIds(await options.seed(clientB, B.marker, B))
  for (const route of routes) {
    for (const param of route.params) {
      if (!idsA[param]?.length || !idsB[param]?.length) {
        throw new IsolationSetupError(`seed() returned no ids for :${param} (used by ${route.method} ${route.path}) for account ${idsA[param]?.length ? 'B' : 'A'}`)
      }
      const shared = idsA[param].find((id) => idsB[param]?.includes(id))
      if (shared !== undefined) throw new IsolationSetupError(`accounts A and B both have id ${shared} for :${param}: the check needs ids that name one account's row`)
    }
  }
  const missing: Record<string, string> = {}
  for (const param of new Set(routes.flatMap((r) => r.params))) {
    const seeded = [...(idsA[param] ?? []), ...(idsB[param] ?? [])]
    missing[param] = (options.missingId ?? defaultMissingId)(param, seeded)
    if (seeded.includes(missing[param])) throw new IsolationSetupError(`missingId(${param}) returned ${missing[param]}, an id seed() created`)
  }
  const injected: Record<string, string> = {}
  if (options.accountFields?.length && options.accountIdOf) {
    const accountIdB = String(await options.accountIdOf(B))
    for (const field of options.accountFields) injected[field] = accountIdB
  }

  // The pages each account reads: every GET route, with that account's ids.
  const getRoutes = routes.filter((r) => r.method === 'GET' && !r.skipped)
  const pagePaths = (ids: Record<string, string[]>) => getRoutes.flatMap((route) => combinations(route.params, ids).map((combo) => ({ route, path: fill(route.path, combo) })))

  // Settle both sessions with their cookie jars (a pending flash is shown and cleared), then freeze their cookies.
  for (const { path } of pagePaths(idsA)) await clientA.get(path)
  for (const { path } of pagePaths(idsB)) await clientB.get(path)
  const cookiesA = clientA.cookieHeader()
  const cookiesB = clientB.cookieHeader()

  const fetchWith = async (cookie: string, method: string, path: string, body?: URLSearchParams): Promise<Response> => {
    const headers = new Headers()
    if (cookie) headers.set('cookie', cookie)
    if (body) headers.set('content-type', 'application/x-www-form-urlencoded')
    return options.fetch(new Request(new URL(path, origin), { method, headers, ...(body ? { body: body.toString() } : {}), redirect: 'manual' }))
  }
  const readPages = async (cookie: string, paths: { route: RouteState; path: string }[]): Promise<Page[]> => {
    const pages: Page[] = []
    for (const { route, path } of paths) {
      setupRequests++
      const response = await fetchWith(cookie, 'GET', path)
      pages.push({ route, path, shape: await shapeOf(response, { path, csrfField, normalize: options.normalize }), raw: await response.text() })
    }
    return pages
  }

  const leaks: IsolationLeak[] = []
  const report = (route: RouteState, request: string, kind: IsolationLeakKind, reason: string) => {
    route.leaks++
    leaks.push({ route: `${route.method} ${route.path}`, request, kind, reason })
  }

  const pagesA = await readPages(cookiesA, pagePaths(idsA))
  for (const page of pagesA) {
    if (page.shape.status < 200 || page.shape.status >= 300) throw new IsolationSetupError(cannotOpen('A', page))
  }
  let pagesB = await readPages(cookiesB, pagePaths(idsB))
  for (const page of pagesB) {
    if (page.shape.status < 200 || page.shape.status >= 300) throw new IsolationSetupError(cannotOpen('B', page))
    if (page.raw.includes(A.marker)) report(page.route, `GET ${page.path} (as B)`, 'shows-data', `B's own page shows A's marker ${JSON.stringify(A.marker)}`)
  }
  if (pagesB.length > 0 && !pagesB.some((page) => page.raw.includes(B.marker))) {
    throw new IsolationSetupError(`none of B's pages (${pagesB.map((p) => p.path).join(', ')}) shows B's marker ${B.marker}: seed() must create data the pages display, or the check cannot see a leak`)
  }
  const showsAFromStart = new Set(pagesB.filter((page) => page.raw.includes(A.marker)).map((page) => page.path))
  const again = await readPages(cookiesB, pagePaths(idsB))
  for (const [index, page] of again.entries()) {
    const before = pagesB[index] as Page
    const difference = differenceBetween(before.shape, page.shape, ['the first read', 'the second read'])
    if (difference) throw new IsolationSetupError(`B's page ${page.path} is not the same on two reads in a row (${difference}): pass normalize() to remove what changes`)
  }

  const forms: FoundForm[] = pagesA.flatMap((page) => postFormsIn(page.raw, A.marker, csrfField))
  const csrfToken = pagesA.map((page) => csrfTokenIn(page.raw, csrfField)).find((token) => token !== undefined)
  let requests = 0
  const breakdown: Record<RequestTarget, number> = { 'b-id': 0, 'missing-id': 0, 'malformed-id': 0, 'own-id': 0, 'no-id': 0 }
  const secretsOfB = [B.marker, B.email, B.accountName]
  const stamps = new RegExp(`${A.marker}x[0-9]+`, 'g')

  /** Sends one request as A; reports a 5xx or anything of B's in it. Returns its shape (null if the handler threw). */
  const sendAsA = async (target: RequestTarget, route: RouteState, variant: Variant, path: string, fields: Record<string, string> | undefined): Promise<ResponseShape | null> => {
    requests++
    route.requests++
    breakdown[target]++
    let body: URLSearchParams | undefined
    if (variant.method !== 'GET') {
      // A's marker plus this request's number: a write that repeats an earlier one still shows.
      const stamp = `${A.marker}x${requests}`
      body = new URLSearchParams({ ...Object.fromEntries(Object.entries(fields ?? {}).map(([name, value]) => [name, value.split(A.marker).join(stamp)])), ...injected })
      if (variant.override) body.set('_method', variant.override)
      if (csrfToken !== undefined) body.set(csrfField, csrfToken)
    }
    const label = labelOf(variant, path)
    let response: Response
    try {
      response = await fetchWith(cookiesA, variant.method, path, body)
    } catch (error) {
      report(route, label, 'server-error', `the handler threw: ${error instanceof Error ? error.message : String(error)}`)
      return null
    }
    const raw = await response.clone().text()
    if (response.status >= 500) report(route, label, 'server-error', `status ${response.status}`)
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')
    const shown = secretsOfB.find((secret) => raw.includes(secret) || headers.includes(secret))
    if (shown !== undefined) report(route, label, 'shows-data', `the response shows B's ${shown === B.marker ? 'marker' : shown === B.email ? 'email' : 'account name'} ${JSON.stringify(shown)}`)
    // Echoed input compares equal whatever the request's number.
    const normalize = (text: string) => {
      const unstamped = text.replace(stamps, `${A.marker}x#`)
      return options.normalize ? options.normalize(unstamped) : unstamped
    }
    return shapeOf(response, { path, csrfField, normalize })
  }

  /** Re-reads B's pages after a state-changing request and reports what changed. */
  const checkB = async (route: RouteState, label: string) => {
    const now = await readPages(cookiesB, pagePaths(idsB))
    for (const [index, page] of now.entries()) {
      const before = pagesB[index] as Page
      // A page that showed A's data from the start (reported then, as shows-data) follows A's writes: not this route's doing.
      if (showsAFromStart.has(page.path)) continue
      if (page.raw.includes(A.marker) && !before.raw.includes(A.marker)) report(route, label, 'changes-data', `B's page ${page.path} now shows A's marker: A's input reached B's account`)
      else {
        const difference = differenceBetween(before.shape, page.shape, ['before', 'after'])
        if (difference) report(route, label, 'changes-data', `B's page ${page.path} changed: ${difference}`)
      }
    }
    pagesB = now
  }

  const stateChanging = routes.filter((r) => r.method !== 'GET' && !r.skipped)
  const ordered = [...getRoutes, ...stateChanging.filter((r) => r.method !== 'DELETE'), ...stateChanging.filter((r) => r.method === 'DELETE')]
  const refusedOwn: string[] = []
  for (const route of ordered) {
    const variants = variantsOf(route.method, override)
    const fields = route.method === 'GET' ? undefined : (options.formFields?.(route, A.marker) ?? fieldsFor(forms, route.method, route.path) ?? {})
    for (const variant of variants) {
      if (route.params.length === 0) {
        const shape = await sendAsA('no-id', route, variant, route.path, fields)
        if (variant.method !== 'GET') {
          if (shape && REFUSED.has(shape.status)) refusedOwn.push(`${labelOf(variant, route.path)} → ${shape.status}`)
          await checkB(route, labelOf(variant, route.path))
        }
        continue
      }
      // A's own row first (not for DELETE): proves A's session and CSRF token are accepted, and
      // tries to move the row to B when accountFields are given.
      if (variant.method !== 'GET' && route.method !== 'DELETE') {
        for (const combo of combinations(route.params, idsA)) {
          const path = fill(route.path, combo)
          const shape = await sendAsA('own-id', route, variant, path, fields)
          if (shape && REFUSED.has(shape.status)) refusedOwn.push(`${labelOf(variant, path)} → ${shape.status}`)
          await checkB(route, labelOf(variant, path))
        }
      }
      const missingPath = fill(route.path, missing)
      const reference = await sendAsA('missing-id', route, variant, missingPath, fields)
      if (variant.method !== 'GET') await checkB(route, labelOf(variant, missingPath))
      for (const combo of combinations(route.params, idsB)) {
        const path = fill(route.path, combo)
        const shape = await sendAsA('b-id', route, variant, path, fields)
        const label = labelOf(variant, path)
        if (shape && reference) {
          const difference = differenceBetween(shape, reference, ["B's id", 'a missing id'])
          if (difference) report(route, label, 'not-like-missing', difference)
        }
        if (variant.method !== 'GET') await checkB(route, label)
      }
      for (const malformed of malformedIds) {
        const path = fill(route.path, Object.fromEntries(route.params.map((p) => [p, malformed])))
        await sendAsA('malformed-id', route, variant, path, fields)
        if (variant.method !== 'GET') await checkB(route, labelOf(variant, path))
      }
    }
  }

  // A's pages must still open: a session that died on the way would make every answer alike.
  for (const page of await readPages(cookiesA, pagePaths(idsA))) {
    // 404 is allowed: a leak may have moved A's row away (B's pages tell). A redirect or a refusal is not.
    if ((page.shape.status >= 300 && page.shape.status < 400) || REFUSED.has(page.shape.status)) {
      throw new IsolationSetupError(`A's own page ${page.path} answered ${page.shape.status} after the replay: A's session stopped working, so the replay proves nothing`)
    }
  }
  // Deleting A's own rows comes last, as a control that A's deletes are accepted at all.
  for (const route of stateChanging.filter((r) => r.method === 'DELETE' && r.params.length > 0)) {
    // One variant only: the row is gone after it.
    const [variant] = variantsOf(route.method, override)
    const [combo] = combinations(route.params, idsA)
    if (!variant || !combo) continue
    const path = fill(route.path, combo)
    const shape = await sendAsA('own-id', route, variant, path, options.formFields?.(route, A.marker) ?? fieldsFor(forms, route.method, route.path) ?? {})
    if (shape && REFUSED.has(shape.status)) refusedOwn.push(`${labelOf(variant, path)} → ${shape.status}`)
    await checkB(route, labelOf(variant, path))
  }
  if (refusedOwn.length > 0) {
    throw new IsolationSetupError(
      `A's requests on its own data were refused (${refusedOwn.slice(0, 3).join('; ')}): the CSRF token (${csrfToken === undefined ? 'none found on A\'s pages' : csrfField}) or the session is not accepted, so refusals of B's ids prove nothing`,
    )
  }

  return {
    requests,
    breakdown,
    setupRequests,
    leaks,
    routes: routes.map((r) => ({ method: r.method, path: r.path, requests: r.requests, leaks: r.leaks, ...(r.skipped ? { skipped: r.skipped } : {}) })),
    accounts: { A, B },
  }
}

interface Variant {
  readonly method: string
  readonly override?: 'patch' | 'put' | 'delete'
}

function cannotOpen(label: string, page: Page): string {
  const why = page.shape.status >= 300 && page.shape.status < 400 ? `a redirect to ${page.shape.location ?? '?'}: signed out, or a session that cannot be replayed?` : 'check seed() and the ids it returned'
  return `account ${label} cannot open its own page ${page.path} (status ${page.shape.status}, ${why}); every GET route must answer 2xx to its own account`
}

function labelOf(variant: Variant, path: string): string {
  return `${variant.method} ${path}${variant.override ? ` (_method=${variant.override})` : ''}`
}

function variantsOf(method: string, override: 'both' | 'form' | 'native'): Variant[] {
  if (method !== 'PATCH' && method !== 'PUT' && method !== 'DELETE') return [{ method }]
  const form: Variant = { method: 'POST', override: method.toLowerCase() as Variant['override'] }
  const native: Variant = { method }
  return override === 'form' ? [form] : override === 'native' ? [native] : [form, native]
}

function collectRoutes(routes: readonly IsolationRoute[]): RouteState[] {
  const seen = new Map<string, RouteState>()
  for (const { method: rawMethod, path } of routes) {
    const method = rawMethod.toUpperCase()
    if (method === 'ALL' || method === 'HEAD' || method === 'OPTIONS') continue
    const key = `${method} ${path}`
    if (seen.has(key)) continue
    const params = [...path.matchAll(/\/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string)
    const state: RouteState = { method, path, params, requests: 0, leaks: 0 }
    if (path.includes('*')) state.skipped = 'wildcard paths cannot be filled with ids'
    else if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) state.skipped = `method ${method} is not replayed`
    else if (method === 'DELETE' && params.length === 0) state.skipped = "a DELETE without an id acts on A's own session or account, not on B's data"
    seen.set(key, state)
  }
  if (seen.size === 0) throw new IsolationSetupError('no routes to check: pass the app routes (e.g. app.routes filtered to your resources)')
  return [...seen.values()]
}

/** `/secrets/:id/edit` with `{ id: '12' }` → `/secrets/12/edit` (`:id{[0-9]+}` and `:id?` too). */
function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, (_all, name: string) => `/${values[name] ?? ''}`)
}

function combinations(params: readonly string[], ids: Record<string, string[]>): Record<string, string>[] {
  let result: Record<string, string>[] = [{}]
  for (const param of params) result = result.flatMap((combo) => (ids[param] ?? []).map((id) => ({ ...combo, [param]: id })))
  return result.slice(0, MAX_COMBINATIONS)
}

function normaliseIds(ids: SeededIds): Record<string, string[]> {
  return Object.fromEntries(Object.entries(ids).map(([param, values]) => [param, values.map(String)]))
}

function defaultMissingId(_param: string, seeded: readonly string[]): string {
  if (seeded.length > 0 && seeded.every((id) => /^[0-9]+$/.test(id))) return String(seeded.map((id) => BigInt(id)).reduce((a, b) => (a > b ? a : b)) + 1_000_000n)
  const sample = seeded[0] ?? ''
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sample)) return crypto.randomUUID()
  // Same shape: each letter or digit replaced by a random one of its kind, separators kept.
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] as string
  return [...sample].map((ch) => (/[0-9]/.test(ch) ? pick('0123456789') : /[a-z]/.test(ch) ? pick('abcdefghijklmnopqrstuvwxyz') : /[A-Z]/.test(ch) ? pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ') : ch)).join('') || 'missing'
}

async function defaultRegister(client: IsolationClient, account: IsolationAccount): Promise<void> {
  const page = await client.get('/registration/new')
  if (page.status !== 200) throw new IsolationSetupError(`GET /registration/new answered ${page.status}: pass register() for this app's sign-up`)
  const response = await client.submit('/registration', {
    'user[email]': account.email,
    'user[password]': account.password,
    'user[password_confirmation]': account.password,
    'user[account_name]': account.accountName,
  })
  if (response.status < 300 || response.status >= 400) {
    throw new IsolationSetupError(`registering account ${account.label} answered ${response.status} instead of a redirect: ${client.lastHtml.replace(/\s+/g, ' ').slice(0, 300)}`)
  }
}

function newAccount(label: 'A' | 'B'): IsolationAccount {
  const marker = `iso-${label.toLowerCase()}-${randomToken(12)}`
  const identity = randomToken(10)
  return {
    label,
    marker,
    email: `isolation-${label.toLowerCase()}-${identity}@example.com`,
    password: `Isolation-${randomToken(20)}`,
    accountName: `Isolation ${label} ${identity}`,
  }
}

function randomToken(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('')
}

function randomInt(below: number): number {
  const [value = 0] = crypto.getRandomValues(new Uint32Array(1))
  return value % below
}

