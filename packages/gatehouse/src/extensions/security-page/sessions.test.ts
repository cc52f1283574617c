import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { cookieName, createTestApp, registeredBrowser, unescapeHtml } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import { invitations } from '../../index.ts'
import { securityPage } from './index.tsx'

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

const START = Date.UTC(2026, 2, 9, 8, 0)
let now = START
const clock = { now: () => now }

/** Signs in through the real form, as a browser with this user agent behind this address. */
async function signInAs(app: TestApp, email: string, password: string, userAgent: string, address: string): Promise<TestBrowser> {
  const browser = app.browser()
  const headers = { 'user-agent': userAgent, 'x-forwarded-for': address }
  await browser.get('/session/new', headers)
  const response = await browser.submit('/session', { 'user[email]': email, 'user[password]': password }, { headers })
  assert.equal(response.status, 302)
  return browser
}

/** The handles in the page's "sign out this session" forms. */
const endForms = (html: string) => [...html.matchAll(/action="\/security\/sessions\/([A-Za-z0-9_-]{22})"/g)].map((m) => m[1]!)

async function outboxTo(app: TestApp, email: string) {
  return app.gatehouse.database.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('recipient', '=', email).orderBy('id').execute()
}

async function auditTypes(app: TestApp, userId: number) {
  const rows = await app.gatehouse.database.db.selectFrom('audit_events').select(['event_type', 'details']).where('user_id', '=', userId).orderBy('id').execute()
  return rows.map((row) => row.event_type)
}

forEachDialect((dialect) => {
  describe('security page: sessions', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { clock, trustedProxies: 1, extensions: [invitations(), securityPage()] })
    })

    test('should send anonymous visitors to sign in and bring them back to /security', async () => {
      const browser = app.browser()
      for (const [method, path] of [['GET', '/security'], ['POST', '/security/sessions'], ['POST', '/security/sessions/AAAAAAAAAAAAAAAAAAAAAA']] as const) {
        const response = method === 'GET' ? await browser.get(path) : await app.fetch(new Request(`${app.origin}${path}`, { method, headers: { origin: app.origin } }))
        if (method === 'GET') {
          assert.equal(response.status, 302)
          assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fsecurity')
        } else {
          assert.ok([302, 403].includes(response.status), `${path}: ${response.status}`)
        }
      }
    })

    test('should list each session with browser, system, address and times, mark this browser, and link it in the header', async () => {
      const { browser: first, user } = await registeredBrowser(app)
      now = START
      const laptop = await signInAs(app, user.email, user.password, FIREFOX, '203.0.113.7')
      now = START + 5 * 60_000
      const phone = await signInAs(app, user.email, user.password, SAFARI_IPHONE, '198.51.100.20')

      const response = await laptop.get('/security')
      assert.equal(response.status, 200)
      const html = unescapeHtml(laptop.lastHtml)
      assert.ok(html.includes('href="/security"'), 'the header links to the page')
      assert.ok(html.includes('Firefox 128 on Linux'))
      assert.ok(html.includes('Safari 17 on iOS'))
      assert.ok(html.includes('203.0.113.7') && html.includes('198.51.100.20'))
      assert.ok(html.includes('<time datetime="2026-03-09T08:00:00.000Z">2026-03-09 08:00 UTC</time>'), 'signed in at')
      assert.ok(html.includes('<time datetime="2026-03-09T08:05:00.000Z">2026-03-09 08:05 UTC</time>'), 'the phone signed in and was active at 08:05')
      // The registration's session started before the clock was set: three sessions, two forms.
      assert.equal((html.match(/data-session="current"/g) ?? []).length, 1)
      assert.equal((html.match(/data-session="other"/g) ?? []).length, 2)
      const current = html.slice(html.indexOf('data-session="current"'), html.indexOf('data-session="other"'))
      assert.ok(current.includes('Firefox 128 on Linux') && current.includes('This browser'), 'this browser is the laptop, listed first')
      assert.equal(endForms(html).length, 2, 'no form ends this browser')
      assert.ok(!html.includes(laptop.cookies.get(cookieName('session'))!.split('.')[0]!), 'no session id on the page')
      assert.ok((await phone.get('/security')).status === 200 && (await first.get('/security')).status === 200)
    })

    test('should end one other session everywhere, audit it, and answer 404 for this browser, another user\'s or an unknown one', async () => {
      const { user } = await registeredBrowser(app)
      const laptop = await signInAs(app, user.email, user.password, FIREFOX, '203.0.113.7')
      const phone = await signInAs(app, user.email, user.password, SAFARI_IPHONE, '198.51.100.20')
      const stranger = await registeredBrowser(app)
      await stranger.browser.get('/security')
      const strangersHandles = endForms(stranger.browser.lastHtml)

      await phone.get('/security')
      const phoneHtml = phone.lastHtml
      await laptop.get('/security')
      const laptopHandles = endForms(laptop.lastHtml)
      const phoneHandle = laptopHandles.find((handle) => !endForms(phoneHtml).includes(handle))!
      const laptopHandle = endForms(phoneHtml).find((handle) => !laptopHandles.includes(handle))!

      // This browser's own handle (taken from another browser's page) is not one of "the others".
      assert.equal((await laptop.submit(`/security/sessions/${laptopHandle}`, {}, { method: 'delete' })).status, 404)
      assert.equal((await laptop.submit('/security/sessions/AAAAAAAAAAAAAAAAAAAAAA', {}, { method: 'delete' })).status, 404)
      assert.equal((await laptop.submit('/security/sessions/not-a-handle', {}, { method: 'delete' })).status, 404)
      if (strangersHandles[0]) assert.equal((await laptop.submit(`/security/sessions/${strangersHandles[0]}`, {}, { method: 'delete' })).status, 404)
      assert.equal((await phone.get('/security')).status, 200, 'nothing was ended by the refused requests')

      await laptop.get('/security')
      const ended = await laptop.submit(`/security/sessions/${phoneHandle}`, {}, { method: 'delete' })
      assert.equal(ended.status, 302)
      assert.equal(ended.headers.get('location'), '/security')
      const after = await phone.get('/security')
      assert.equal(after.status, 302, 'the phone is signed out on its next request')
      await laptop.get('/security')
      assert.ok(unescapeHtml(laptop.lastHtml).includes('The session was signed out.'))
      assert.ok(!unescapeHtml(laptop.lastHtml).includes('Safari 17 on iOS'))
      const row = await app.gatehouse.database.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()
      assert.ok((await auditTypes(app, Number(row.id))).includes('session.ended'))
    })

    test('should end every other session, keep this one, mail the person and audit it once', async () => {
      const { browser: first, user } = await registeredBrowser(app)
      const laptop = await signInAs(app, user.email, user.password, FIREFOX, '203.0.113.7')
      const phone = await signInAs(app, user.email, user.password, SAFARI_IPHONE, '198.51.100.20')
      await laptop.get('/security')
      const response = await laptop.submit('/security/sessions', {}, { method: 'delete' })
      assert.equal(response.status, 302)
      assert.equal((await phone.get('/security')).status, 302)
      assert.equal((await first.get('/security')).status, 302)
      assert.equal((await laptop.get('/security')).status, 200)
      const html = unescapeHtml(laptop.lastHtml)
      assert.ok(html.includes('All other sessions were signed out.'))
      assert.ok(html.includes('You are not signed in anywhere else.'))
      assert.equal(endForms(html).length, 0)
      const mails = (await outboxTo(app, user.email)).filter((mail) => mail.subject === 'Your other sessions were signed out')
      assert.equal(mails.length, 1)
      assert.ok((mails[0]!.text_body ?? '').includes('2 other sessions'))
      assert.ok((mails[0]!.text_body ?? '').includes('http://localhost:4000/security'))
      const row = await app.gatehouse.database.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()
      const audit = await app.gatehouse.database.db.selectFrom('audit_events').select(['event_type', 'details']).where('user_id', '=', Number(row.id)).where('event_type', '=', 'other_sessions.ended').execute()
      assert.equal(audit.length, 1)
      assert.match(String(audit[0]!.details), /"count":2/)

      // With nobody else signed in, the form is gone and a replayed request mails nothing.
      await laptop.submit('/security/sessions', {}, { method: 'delete' })
      assert.equal((await outboxTo(app, user.email)).filter((mail) => mail.subject === 'Your other sessions were signed out').length, 1)
    })

    test('should forget what it noted about a session once it is signed out', async () => {
      const { user } = await registeredBrowser(app)
      const laptop = await signInAs(app, user.email, user.password, FIREFOX, '203.0.113.7')
      const row = await app.gatehouse.database.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()
      const notes = () => app.gatehouse.database.db.selectFrom('security_session_details' as never).select('session_id' as never).where('user_id' as never, '=', Number(row.id) as never).execute()
      assert.equal((await notes()).length, 2, 'the registration and the sign-in')
      await laptop.signOut()
      assert.equal((await notes()).length, 1)

      // A session ended elsewhere (expired, revoked by a password change): its note goes when the page is listed.
      const phone = await signInAs(app, user.email, user.password, SAFARI_IPHONE, '198.51.100.20')
      const tablet = await signInAs(app, user.email, user.password, FIREFOX, '192.0.2.1')
      assert.equal((await notes()).length, 3)
      await app.gatehouse.invalidateSession(tablet.cookies.get(cookieName('session'))!.split('.')[0]!)
      assert.equal((await phone.get('/security')).status, 200)
      assert.equal((await notes()).length, 3, 'a note under a minute old is kept (its session may have just started)')
      now += 2 * 60_000
      assert.equal((await phone.get('/security')).status, 200)
      assert.equal((await notes()).length, 2)
      assert.ok(!unescapeHtml(phone.lastHtml).includes('192.0.2.1'))
    })
  })
})
