import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Hono } from 'hono'
import { createTestCore, manualClock } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import type { DialectTarget } from '../../../test/support/dialects.ts'
import { attributesOf, checked, linkHrefs, unescapeHtml } from '../../../test/support/http.ts'
import { recordingLogger } from '../../../test/support/mail.ts'
import { GatehouseConfigError } from '../../errors.ts'
import { createDevMailboxMailer } from '../../mail/dev-mailbox.ts'
import { enqueueMail } from '../../mail/enqueue-mail.ts'
import { createMailDispatcher } from '../../mail/mail-dispatcher.ts'
import { mailLink } from '../../mail/mail-link.ts'
import { CookieJar } from '../cookies.ts'
import { createGatehouseMiddleware } from '../middleware.ts'
import { DEFAULT_PAGES, LINK_CLASS } from '../pages/index.ts'
import { renderError } from '../render.tsx'
import type { WebContext } from '../web-context.ts'
import { createDevMailboxRoutes } from './dev-mailbox-routes.tsx'

const ORIGIN = 'http://localhost:4000'
const SPOOFED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example' }

/** The mailbox mounted the way the web layer mounts it, on a fresh database, with the dev mailer. */
async function mailbox(dialect: DialectTarget) {
  const clock = manualClock()
  const core = await createTestCore(dialect, { clock, publicUrl: ORIGIN })
  const web: WebContext = { core, cookies: new CookieJar(core.config), pages: DEFAULT_PAGES, stylesheetHref: '/gatehouse/assets/gatehouse.css', extensions: [] }
  const app = new Hono()
  app.use(createGatehouseMiddleware(web))
  app.route('/', createDevMailboxRoutes(web))
  app.notFound((c) => renderError(web, c, 404, core.config.messages.notFound))
  const dispatcher = createMailDispatcher({ db: core.database.db, dialect: core.database.dialect, mailer: createDevMailboxMailer({ publicOrigin: ORIGIN, log: recordingLogger() }), clock })
  const fetch = checked((request) => app.request(request))
  return {
    clock,
    db: core.database.db,
    get: (path: string, headers: Record<string, string> = {}) => fetch(new Request(new URL(path, ORIGIN), { headers })),
    async send(message: { to: string; subject: string; text: string; html: string }) {
      const { id } = await enqueueMail(core.database.db, message, clock)
      await dispatcher.deliverPending()
      return id
    },
  }
}

const welcome = (n: number) => ({ to: `user${n}@example.com`, subject: `Welcome ${n}`, text: `Hi ${n}`, html: `<p>Hi ${n}</p>` })

forEachDialect((dialect) => {
  describe('dev mailbox', () => {
    test('should list sent mail newest first with date, recipient and a link to each', async () => {
      const box = await mailbox(dialect)
      const ids: number[] = []
      for (const n of [1, 2, 3]) {
        ids.push(await box.send(welcome(n)))
        box.clock.advance(60_000)
      }
      await enqueueMail(box.db, { ...welcome(4), subject: 'Not sent yet' }, box.clock)
      const response = await box.get('/dev/mailbox')
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('cache-control'), 'no-store')
      const html = await response.text()
      const subjects = [...html.matchAll(/<a href="\/dev\/mailbox\/(\d+)"[^>]*>([^<]*)<\/a>/g)].map((m) => [Number(m[1]), m[2]])
      assert.deepEqual(subjects, [
        [ids[2], 'Welcome 3'],
        [ids[1], 'Welcome 2'],
        [ids[0], 'Welcome 1'],
      ])
      assert.ok(html.includes('user3@example.com'))
      assert.ok(html.includes('<time datetime="2026-01-01T00:02:00.000Z">2026-01-01 00:02:00 UTC</time>'))
      assert.ok(!html.includes('Not sent yet'), 'only sent mail is in the mailbox')
    })

    test('should say so when no mail was sent', async () => {
      const box = await mailbox(dialect)
      const html = await (await box.get('/dev/mailbox')).text()
      assert.ok(html.includes('No mail sent yet.'))
    })

    test('should show one mail: recipient, subject, the HTML part in a sandbox with links opening the window, the text part with links', async () => {
      const box = await mailbox(dialect)
      const link = `${ORIGIN}/reset-password/tok_-123`
      const id = await box.send({
        to: 'ada@example.com',
        subject: 'Reset <your> password',
        text: `Hello "Ada" <script>alert(1)</script>\nReset it: ${link}.\nThanks`,
        html: `<p>Hello "Ada", reset it <a href="${link}">here</a>.</p><script>alert(1)</script>`,
      })
      const response = await box.get(`/dev/mailbox/${id}`)
      assert.equal(response.status, 200)
      const html = await response.text()
      assert.ok(html.includes('<h1 class="text-2xl font-bold text-slate-900">Reset &lt;your&gt; password</h1>'))
      assert.ok(html.includes('ada@example.com'))
      const iframe = attributesOf(/<iframe\b([^>]*)>/.exec(html)?.[1] ?? '')
      assert.equal(iframe.sandbox, 'allow-popups allow-top-navigation-by-user-activation', 'no scripts, no same-origin access')
      assert.equal(iframe.srcdoc, `<base target="_top"><p>Hello "Ada", reset it <a href="${link}">here</a>.</p><script>alert(1)</script>`)
      const pre = /<pre\b[^>]*>([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? ''
      assert.equal(pre, `Hello &quot;Ada&quot; &lt;script&gt;alert(1)&lt;/script&gt;\nReset it: <a href="${link}" class="${LINK_CLASS}">${link}</a>.\nThanks`)
      assert.ok(!html.includes('<script>'), 'the mail cannot run script on the mailbox page')
      assert.ok(linkHrefs(html).includes('/dev/mailbox'))
    })

    test('should answer 404 for a missing or malformed id, never 500', async () => {
      const box = await mailbox(dialect)
      const id = await box.send(welcome(1))
      const pending = await enqueueMail(box.db, welcome(2), box.clock)
      for (const path of [`${id + 100}`, `${pending.id}`, '0', '-1', '1.5', '1e3', 'abc', `0${id}`, '99999999999999999999', '9007199254740993', '%00', '1%20', `${id}/x`, '']) {
        const response = await box.get(`/dev/mailbox/${path}`)
        assert.equal(response.status, 404, `/dev/mailbox/${path}`)
      }
    })

    test('should show links built from PUBLIC_URL, whatever Host and X-Forwarded-Host the requests carried', async () => {
      const box = await mailbox(dialect)
      const app = new Hono()
      // An action that mails a link, reached with forged headers.
      app.post('/invitations', async (c) => {
        const link = mailLink(ORIGIN, '/invitations/tok/edit')
        const { id } = await enqueueMail(box.db, { to: 'eve@example.com', subject: 'Join us', text: `Join: ${link}`, html: `<a href="${link}">Join</a>` }, box.clock)
        return c.json({ id })
      })
      const { id } = (await (await app.request(new Request('http://evil.example/invitations', { method: 'POST', headers: SPOOFED }))).json()) as { id: number }
      await box.send(welcome(1))

      for (const path of ['/dev/mailbox', `/dev/mailbox/${id}`]) {
        const html = await (await box.get(path, SPOOFED)).text()
        assert.ok(!unescapeHtml(html).includes('evil.example'), `${path} mentions the forged host`)
      }
      const detail = unescapeHtml(await (await box.get(`/dev/mailbox/${id}`, SPOOFED)).text())
      assert.ok(detail.includes(`<a href="${ORIGIN}/invitations/tok/edit">Join</a>`))
      assert.ok(detail.includes(`Join: <a href="${ORIGIN}/invitations/tok/edit"`))
    })
  })
})

describe('createDevMailboxRoutes', () => {
  test('should refuse to exist in production', async () => {
    const sqlite = { name: 'sqlite' as const, databaseUrl: async () => 'sqlite::memory:' }
    const production = await createTestCore(sqlite, { production: true })
    const productionWeb: WebContext = { core: production, cookies: new CookieJar(production.config), pages: DEFAULT_PAGES, stylesheetHref: '/x.css', extensions: [] }
    assert.throws(() => createDevMailboxRoutes(productionWeb), (error: Error) => error instanceof GatehouseConfigError && /never mounted in production/.test(error.message))
    const development = await createTestCore(sqlite, { production: false })
    const web: WebContext = { core: development, cookies: new CookieJar(development.config), pages: DEFAULT_PAGES, stylesheetHref: '/x.css', extensions: [] }
    assert.doesNotThrow(() => createDevMailboxRoutes(web))
  })
})
