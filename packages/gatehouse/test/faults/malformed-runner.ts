import type { Hono } from 'hono'
import type { GatehouseCore } from '../../src/index.ts'
import type { MalformedCase, RouteEntry } from './malformed-cases.ts'

/** What one run of cases found. */
export interface MalformedReport {
  cases: number
  serverErrors: number
  stackTraces: number
  /** How many answers of each status (to see the cases reached the handlers, not only a wall). */
  statuses: Record<number, number>
  /** The first few failures, for the assertion message. */
  failures: string[]
}

/** The (method, path) pairs an app answers, from Hono's route table (middleware entries left out). */
export function routesOf(app: Hono): RouteEntry[] {
  const seen = new Map<string, RouteEntry>()
  for (const route of app.routes) {
    if (route.path === '/*' || route.path === '*') continue
    const methods = route.method === 'ALL' ? ['GET', 'POST'] : [route.method]
    for (const method of methods) seen.set(`${method} ${route.path}`, { method, path: route.path })
  }
  return [...seen.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`))
}

/** A body or page that shows a stack trace (`    at fn (file:1:2)`). */
export function showsStackTrace(body: string): boolean {
  return body.includes('    at ') || /^\s*at \S+ \(?\S+:\d+:\d+\)?$/m.test(body)
}

/** Cookies of a browser: an optional session, and a CSRF secret cookie with a token for it. */
export interface Identity {
  readonly cookies: Readonly<Record<string, string>>
  readonly csrfToken: string
  /** An API access token, sent as `Authorization` unless the case sends its own. */
  readonly authorization?: string
}

/**
 * Builds the Request of one case for an identity: its cookies (with the case's replacing them),
 * a valid CSRF token in the form body or the `x-csrf-token` header, and a same-origin `Origin`.
 */
export function requestFor(origin: string, identity: Identity, testCase: MalformedCase): Request {
  const headers = new Headers()
  if (identity.authorization) headers.set('authorization', identity.authorization)
  for (const [name, value] of Object.entries(testCase.headers)) headers.set(name, value)
  const cookies = { ...identity.cookies, ...testCase.cookies }
  const cookieHeader = testCase.rawCookieHeader ?? Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ')
  // Header values are byte strings: a cookie value outside Latin-1 would not even leave a browser.
  headers.set('cookie', cookieHeader)
  const changing = testCase.method !== 'GET' && testCase.method !== 'HEAD'
  let body = testCase.body
  if (changing) {
    headers.set('origin', origin)
    if (testCase.csrfInBody && body !== null) body = withCsrfField(body, identity.csrfToken)
    else headers.set('x-csrf-token', identity.csrfToken)
  }
  return new Request(new URL(testCase.target, origin), { method: testCase.method, headers, ...(changing && body !== null ? { body: body as Uint8Array<ArrayBuffer> } : {}), redirect: 'manual' })
}

function withCsrfField(body: Uint8Array, token: string): Uint8Array {
  const prefix = new TextEncoder().encode(`_csrf_token=${encodeURIComponent(token)}&`)
  const all = new Uint8Array(prefix.byteLength + body.byteLength)
  all.set(prefix, 0)
  all.set(body, prefix.byteLength)
  return all
}

/**
 * Reads a CSRF cookie and a token for it from a page any visitor may open.
 *
 * @example
 * const csrf = await csrfPair((r) => app.request(r), origin, 'gatehouse_csrf')
 */
export async function csrfPair(fetch: (request: Request) => Promise<Response>, origin: string, cookieName: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(new Request(new URL('/session/new', origin)))
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${cookieName}=`)) ?? ''
  const cookie = line.slice(cookieName.length + 1).split(';')[0] ?? ''
  const token = /name="_csrf_token" value="([^"]+)"/.exec(await response.text())?.[1] ?? ''
  if (!cookie || !token) throw new Error('no CSRF cookie or token on /session/new')
  return { cookie, token }
}

/**
 * A signed-in owner of a fresh account (rows inserted directly, email confirmed, one argon2 hash
 * reused), with the session token for the cookie. Recreated whenever a case ended it.
 */
export async function signedInOwner(gatehouse: Pick<GatehouseCore, 'context' | 'database' | 'createSession'>, passwordHash: string, n: number): Promise<{ sessionToken: string; email: string }> {
  const now = gatehouse.context.clock.now()
  const name = `Fuzz owner ${process.pid} ${n} ${Math.random().toString(36).slice(2, 8)}`
  const db = gatehouse.database.db
  const account = await db.insertInto('accounts').values({ name, normalized_name: name.toLowerCase(), inserted_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()
  const user = await db
    .insertInto('users')
    .values({ account_id: account.id, email: `${name.replace(/\W/g, '')}@example.com`.toLowerCase(), password_hash: passwordHash, role: 'owner', email_confirmed_at: now, inserted_at: now, updated_at: now })
    .returning(['id', 'account_id', 'email'])
    .executeTakeFirstOrThrow()
  const { token } = await gatehouse.createSession({ id: user.id, accountId: user.account_id })
  return { sessionToken: token, email: user.email }
}

/**
 * Sends every case through `fetch` with `workers` requests in flight and tallies 5xx answers
 * and stack traces. `identityFor(worker, case)` gives each request its identity (a signed-in one
 * is checked and renewed by the caller between cases).
 */
export async function runCases(
  cases: readonly MalformedCase[],
  fetch: (request: Request) => Promise<Response>,
  identityFor: (worker: number, testCase: MalformedCase) => Promise<Identity>,
  origin: string,
  workers = 8,
): Promise<MalformedReport> {
  const report: MalformedReport = { cases: 0, serverErrors: 0, stackTraces: 0, statuses: {}, failures: [] }
  let next = 0
  const work = async (worker: number) => {
    for (;;) {
      const testCase = cases[next++]
      if (!testCase) return
      const identity = await identityFor(worker, testCase)
      let response: Response
      try {
        response = await fetch(requestFor(origin, identity, testCase))
      } catch (error) {
        report.cases++
        report.serverErrors++
        if (report.failures.length < 10) report.failures.push(`${testCase.name}: threw ${(error as Error).message}`)
        continue
      }
      report.cases++
      report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1
      const body = await response.text()
      if (response.status >= 500) {
        report.serverErrors++
        if (report.failures.length < 10) report.failures.push(`${testCase.name}: ${response.status} ${body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`)
      }
      if (showsStackTrace(body)) {
        report.stackTraces++
        if (report.failures.length < 10) report.failures.push(`${testCase.name}: stack trace in the body`)
      }
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, worker) => work(worker)))
  return report
}
