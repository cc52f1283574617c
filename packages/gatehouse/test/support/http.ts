import assert from 'node:assert/strict'
import { Hono } from 'hono'
import type { CreateGatehouseOptions, Gatehouse } from '../../src/index.ts'
import { createTestGatehouse } from './app.ts'
import type { FetchHandler } from './browser.ts'
import { TestBrowser } from './browser.ts'
import { PASSWORD } from './core.ts'
import type { DialectTarget } from './dialects.ts'

/**
 * Helpers for the HTTP tests: an app around Gatehouse's routes with a protected `/private`
 * page (and `/api/notes`, JSON), a fetch wrapper that fails any response carrying a 5xx status or a stack trace, and
 * small readers for the rendered HTML.
 */

export const ORIGIN = 'http://localhost:4000'
export const HTTPS_ORIGIN = 'https://app.example.com'

/** Fails the test on any 5xx answer or any body that looks like a stack trace. */
export function checked(handler: FetchHandler): FetchHandler {
  return async (request) => {
    const response = await handler(request)
    const body = await response.clone().text()
    const where = `${request.method} ${new URL(request.url).pathname}`
    assert.ok(response.status < 500, `${where} answered ${response.status}: ${body.slice(0, 500)}`)
    assertNoStackTrace(body, where)
    return response
  }
}

export function assertNoStackTrace(body: string, where = 'response'): void {
  assert.ok(!body.includes('    at '), `${where}: the body contains a stack trace`)
  assert.doesNotMatch(body, /^\s*at \S+ \(?\S+:\d+:\d+\)?$/m, `${where}: the body contains a stack trace`)
}

export interface TestApp {
  readonly gatehouse: Gatehouse
  readonly app: Hono
  /** The app's fetch handler, wrapped by `checked`. */
  readonly fetch: FetchHandler
  readonly origin: string
  /** A new browser (empty cookie jar) on this app. */
  browser(): TestBrowser
}

/**
 * Gatehouse mounted in a small Hono app, the way an app uses it: `/` is public, `/private`
 * (GET and POST) and `/api/notes` (JSON) need a signed-in user.
 */
export async function createTestApp(dialect: DialectTarget, options: Partial<CreateGatehouseOptions> = {}): Promise<TestApp> {
  const gatehouse = await createTestGatehouse(dialect, options)
  const app = new Hono()
  app.use(gatehouse.middleware)
  app.route('/', gatehouse.app)
  app.get('/', (c) => gatehouse.render(c, { title: 'Home', body: () => 'Home page' }))
  app.get('/private', gatehouse.requireAuthenticated(), (c) =>
    gatehouse.render(c, { title: 'Private', body: () => `Welcome ${c.get('currentUser')?.email ?? ''} of ${c.get('currentAccount')?.name ?? ''}` }),
  )
  app.post('/private', gatehouse.requireAuthenticated(), (c) => c.text('posted'))
  app.get('/api/notes', gatehouse.requireAuthenticated(), (c) => c.json({ notes: [] }))
  app.post('/api/notes', gatehouse.requireAuthenticated(), async (c) => c.json({ saved: true, user: c.get('currentUser')?.email ?? null }))
  app.notFound(gatehouse.notFound)
  app.onError(gatehouse.onError)
  const origin = options.publicUrl ? new URL(options.publicUrl).origin : ORIGIN
  const fetch = checked((request) => app.request(request))
  return { gatehouse, app, fetch, origin, browser: () => new TestBrowser(fetch, origin) }
}

/** The cookie names Gatehouse uses (with the `__Host-` prefix on HTTPS). */
export function cookieName(kind: 'session' | 'csrf' | 'flash', secure = false): string {
  return `${secure ? '__Host-' : ''}gatehouse_${kind}`
}

let sequence = 0
/** A name unique within this process, for emails and account names. */
export function unique(prefix = 'u'): string {
  sequence += 1
  return `${prefix}${sequence}${Math.random().toString(36).slice(2, 6)}`
}

export interface Registrant {
  readonly email: string
  readonly password: string
  readonly account_name: string
}

export function newRegistrant(overrides: Partial<Registrant> = {}): Registrant {
  const id = unique()
  return { email: `${id}@example.com`, password: PASSWORD, account_name: `Account ${id}`, ...overrides }
}

/** A browser that registered (and so is signed in) through the real form. */
export async function registeredBrowser(app: TestApp, overrides: Partial<Registrant> = {}): Promise<{ browser: TestBrowser; user: Registrant }> {
  const browser = app.browser()
  const user = newRegistrant(overrides)
  const response = await browser.register(user)
  assert.equal(response.status, 302, 'registration through the form failed')
  return { browser, user }
}

/** Signed in on this browser, judged by what `/private` answers (not by cookies). */
export async function isSignedIn(browser: TestBrowser): Promise<boolean> {
  const response = await browser.request('/private')
  if (response.status === 200) return true
  assert.equal(response.status, 302)
  return false
}

/** GET with exactly this Cookie header (a cookie replayed by hand), not the browser's jar. */
export async function requestWithCookie(app: TestApp, path: string, cookie: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('cookie', cookie)
  return await app.fetch(new Request(new URL(path, app.origin), { ...init, headers, redirect: 'manual' }))
}

export async function countRows(gatehouse: Gatehouse, table: 'accounts' | 'users' | 'sessions'): Promise<number> {
  const row = await gatehouse.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function countAll(gatehouse: Gatehouse): Promise<{ accounts: number; users: number; sessions: number }> {
  return { accounts: await countRows(gatehouse, 'accounts'), users: await countRows(gatehouse, 'users'), sessions: await countRows(gatehouse, 'sessions') }
}

export function findUserByEmail(gatehouse: Gatehouse, email: string) {
  return gatehouse.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
}

export function findAccount(gatehouse: Gatehouse, id: number) {
  return gatehouse.database.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The `Set-Cookie` line for one cookie name, or undefined. */
export function setCookieFor(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`))
}

/** True when the response tells the browser to drop this cookie. */
export function clearsCookie(response: Response, name: string): boolean {
  const line = setCookieFor(response, name)
  return line !== undefined && (/^[^=]+=;/.test(line) || /max-age=0/i.test(line))
}

// --- HTML readers ---------------------------------------------------------------------------

export function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}

export function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) {
    const [, name, value] = match
    if (name) attributes[name] = unescapeHtml(value ?? '')
  }
  return attributes
}

function tags(html: string, tag: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))].map((m) => attributesOf(m[0].slice(tag.length + 1)))
}

export function inputs(html: string): Record<string, string>[] {
  return tags(html, 'input')
}

export function inputNamed(html: string, name: string): Record<string, string> | undefined {
  return inputs(html).find((input) => input.name === name)
}

export function labelFor(html: string, id: string): string | undefined {
  const match = new RegExp(`<label\\b[^>]*\\bfor="${id}"[^>]*>([^<]*)</label>`).exec(html)
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1])
}

export function formActions(html: string): string[] {
  return tags(html, 'form').map((form) => form.action ?? '')
}

export function linkHrefs(html: string): string[] {
  return tags(html, 'a').map((a) => a.href ?? '')
}

/** The error text shown under a field (`<p id="user_email_error">`), or null. */
export function fieldError(html: string, field: string, scope = 'user'): string | null {
  const match = new RegExp(`<p id="${scope}_${field}_error"[^>]*>([^<]*)</p>`).exec(html)
  return match?.[1] === undefined ? null : unescapeHtml(match[1])
}

/** The texts of the alert and status messages on the page (flash, form alert). */
export function alerts(html: string): string[] {
  return [...html.matchAll(/<(?:p|div) role="(?:alert|status)"[^>]*>([^<]*)<\/(?:p|div)>/g)].map((m) => unescapeHtml(m[1] ?? ''))
}

export function csrfTokensIn(html: string): string[] {
  return inputs(html)
    .filter((input) => input.name === '_csrf_token')
    .map((input) => input.value ?? '')
}

/** The page with every CSRF token value replaced, so two renders can be compared. */
export function withoutCsrfTokens(html: string): string {
  return html.replace(/(name="_csrf_token" value=")[^"]*"/g, '$1CSRF"')
}

/** Same-origin form post headers for a raw request. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const
