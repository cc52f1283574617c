import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { Hono } from 'hono'
import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse, tutorialExtensions } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { PASSWORD, TEST_SECRET } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import { onCleanup } from '../support/services.ts'
import { casesFor } from './malformed-cases.ts'
import type { MalformedCase } from './malformed-cases.ts'
import { csrfPair, routesOf, runCases, signedInOwner } from './malformed-runner.ts'
import type { Identity } from './malformed-runner.ts'

const ORIGIN = 'http://localhost:4000'
const COOKIE_NAMES = ['gatehouse_session', 'gatehouse_csrf', 'gatehouse_flash', 'gatehouse_remember_me', '__Host-gatehouse_session']

/**
 * Malformed and hostile input on every route of the full tutorial app (all four extensions,
 * the dev mailbox, /secrets), anonymous and signed in, each request with a valid CSRF token so
 * it reaches the handlers: zero 5xx answers and zero stack traces. The routes come from Hono's
 * own table, so a route added later is covered without editing this file.
 */
/** An API access token for the owner, through the API's own sign-in: the token routes then reach their handlers signed in. */
async function apiAccessToken(fetch: (request: Request) => Promise<Response>, email: string): Promise<string> {
  const response = await fetch(new Request(`${ORIGIN}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { email, password: PASSWORD } }) }))
  const body = (await response.json()) as { data?: { access_token?: string } }
  if (!body.data?.access_token) throw new Error(`API sign-in failed: ${response.status}`)
  return body.data.access_token
}

forEachDialect((dialect) => {
  describe(`malformed input on every route (${dialect.name})`, () => {
    let gatehouse: TutorialGatehouse
    let app: Hono
    let cases: MalformedCase[]

    before(async () => {
      gatehouse = await createTutorialGatehouse({
        database: await dialect.databaseUrl(),
        secret: TEST_SECRET,
        publicUrl: ORIGIN,
        extensions: tutorialExtensions({ emailConfirmation: true }),
        // Every request comes from one client here: a 429 would hide what the handlers do.
        rateLimits: { enabled: false },
      })
      onCleanup(() => gatehouse.close())
      app = createTutorialApp(gatehouse)
      // Cookies are read before routing: their cases run once per path, not once per method.
      const cookiesDone = new Set<string>()
      cases = routesOf(app).flatMap((route) => {
        const cookieNames = cookiesDone.has(route.path) ? [] : COOKIE_NAMES
        cookiesDone.add(route.path)
        return casesFor(route, { cookieNames, maxFormBytes: gatehouse.config.maxFormBytes })
      })
    })

    test('should cover every route of the app, the extensions\' and the dev mailbox included', () => {
      const paths = new Set(routesOf(app).map((r) => `${r.method} ${r.path}`))
      for (const expected of ['POST /session', 'PATCH /registration', 'GET /reset-password/:token', 'GET /confirm-email/:token', 'PATCH /invitations/:token', 'DELETE /account/members/:id', 'GET /dev/mailbox/:id', 'PATCH /secrets/:id', 'GET /security', 'DELETE /security/sessions/:id', 'DELETE /security/sessions', 'POST /security/two-factor', 'DELETE /security/two-factor', 'POST /security/two-factor/recovery-codes', 'POST /session/two-factor', 'POST /security/passkeys/options', 'POST /security/passkeys', 'PATCH /security/passkeys/:id', 'DELETE /security/passkeys/:id', 'POST /session/passkey/options', 'POST /session/passkey', 'POST /api/v1/session/renew', 'PATCH /api/v1/secrets/:id']) {
        assert.ok(paths.has(expected), `${expected} is not in the route table: ${[...paths].join(', ')}`)
      }
    })

    test('should answer every malformed request without a 5xx or a stack trace, anonymous and signed in', async () => {
      const fetch = (request: Request) => Promise.resolve(app.fetch(request))
      // The dev mailbox announces each invitation mail the fuzzing sends; that is not news here.
      const info = console.info
      console.info = () => {}
      onCleanup(async () => void (console.info = info))
      const csrf = await csrfPair(fetch, ORIGIN, 'gatehouse_csrf')
      const anonymous: Identity = { cookies: { gatehouse_csrf: csrf.cookie }, csrfToken: csrf.token }
      const anonymousReport = await runCases(cases, fetch, async () => anonymous, ORIGIN)

      // One signed-in owner per worker, replaced as soon as a case ended its session
      // (sign-out, deleting the registration or the account).
      const passwordHash = await gatehouse.context.passwords.hash(PASSWORD)
      const owners = new Map<number, { session: string; access: string }>()
      const changed = new Set<number>()
      let created = 0
      const signedIn = async (worker: number, testCase: MalformedCase): Promise<Identity> => {
        let owner = owners.get(worker)
        // Only a state-changing request can end a session: check after those.
        if (!owner || (changed.has(worker) && !(await gatehouse.validateSessionToken(owner.session)))) {
          const fresh = await signedInOwner(gatehouse, passwordHash, created++)
          owner = { session: fresh.sessionToken, access: await apiAccessToken(fetch, fresh.email) }
          owners.set(worker, owner)
        }
        if (testCase.method === 'GET') changed.delete(worker)
        else changed.add(worker)
        return { cookies: { gatehouse_csrf: csrf.cookie, gatehouse_session: owner.session }, csrfToken: csrf.token, authorization: owner.access }
      }
      const signedInReport = await runCases(cases, fetch, signedIn, ORIGIN)

      const sent = anonymousReport.cases + signedInReport.cases
      const errors = anonymousReport.serverErrors + signedInReport.serverErrors
      const traces = anonymousReport.stackTraces + signedInReport.stackTraces
      console.log(`# malformed input ${dialect.name}: ${sent} cases (${cases.length} per identity, ${routesOf(app).length} routes, ${created} signed-in owners), ${errors} 5xx, ${traces} stack traces`)
      const statuses: Record<number, number> = { ...anonymousReport.statuses }
      for (const [status, n] of Object.entries(signedInReport.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n
      console.log(`# statuses: ${JSON.stringify(statuses)}`)
      // Most cases must reach the handlers: a CSRF refusal (403) for everything would prove nothing.
      assert.ok((statuses[403] ?? 0) < sent / 4, `too many 403s: ${JSON.stringify(statuses)}`)
      assert.equal(errors + traces, 0, [...anonymousReport.failures, ...signedInReport.failures].join('\n'))
      assert.equal(sent, cases.length * 2)
    })
  })
})
