/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { invitations, securityPage } from '../../src/index.ts'
import type { LayoutProps } from '../../src/web/pages/index.ts'
import { DEFAULT_PAGES } from '../../src/web/pages/index.ts'
import { forEachDialect } from '../support/dialects.ts'
import { newRegistrant, withoutCsrfTokens } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const DefaultLayout = DEFAULT_PAGES.layout
/** The very same layout under another identity, as an app that replaced it renders it: through hono/jsx. */
function ReplacedLayout(props: LayoutProps) {
  return <DefaultLayout {...props} />
}

/** The page with its CSRF tokens and the times the two apps differ in (when each signed in) replaced. */
function comparable(html: string): string {
  return withoutCsrfTokens(html).replace(/<time datetime="[^"]*">[^<]*<\/time>/g, '<time/>')
}

const HOSTILE_ACCOUNT = `"Zoë's" & <Sons> · 東京 🚀`

forEachDialect((dialect) => {
  describe('pages in the default layout (precompiled shell) against the same layout through hono/jsx, over HTTP', () => {
    let shell: TestApp
    let jsx: TestApp
    before(async () => {
      const extensions = () => [invitations(), securityPage()]
      shell = await createTestApp(dialect, { extensions: extensions() })
      jsx = await createTestApp(dialect, { extensions: extensions(), pages: { layout: ReplacedLayout } })
    })

    test('should send the same bytes signed out, signed in (with extension nav links and flash) and on error pages', async () => {
      const registrant = newRegistrant({ email: `o'brien+${Date.now()}&co@example.com`, account_name: HOSTILE_ACCOUNT })
      const browsers = [shell.browser(), jsx.browser()] as const
      const steps: Array<(b: (typeof browsers)[number]) => Promise<Response>> = [
        (b) => b.get('/session/new'),
        (b) => b.get('/registration/new'),
        (b) => b.get('/no/such/page'),
        (b) => b.register({ ...registrant, password: 'short' }),
        (b) => b.register(registrant),
        (b) => b.get('/'),
        (b) => b.get('/private'),
        (b) => b.get('/registration/edit'),
        (b) => b.get('/security'),
        (b) => b.get('/account'),
        (b) => b.get('/no/such/page'),
      ]
      for (const [n, step] of steps.entries()) {
        const [viaShell, viaJsx] = await Promise.all(browsers.map(step))
        assert.ok(viaShell && viaJsx)
        assert.equal(viaShell.status, viaJsx.status, `step ${n}`)
        assert.equal(viaShell.headers.get('content-type'), viaJsx.headers.get('content-type'), `step ${n}`)
        const [a, b] = await Promise.all([viaShell.text(), viaJsx.text()])
        assert.equal(comparable(a), comparable(b), `step ${n}`)
      }
      assert.ok(browsers[0].lastHtml.includes('&quot;Zoë&#39;s&quot; &amp; &lt;Sons&gt; · 東京 🚀'), 'the account name is shown escaped')
    })
  })
})
