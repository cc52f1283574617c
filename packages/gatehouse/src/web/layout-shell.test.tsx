/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { html, raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Account, User } from '../models.ts'
import { readFileSync } from 'node:fs'
import { renderDefaultLayout } from './layout-shell.ts'
import { layoutShellsModule } from './layout-shell-compiler.tsx'
import { Layout, SITE_NAME } from './pages/layout.tsx'
import type { LayoutProps } from './pages/layout.tsx'

const HOSTILE = [
  `"double" & 'single' <b>bold</b> </title><script>alert(1)</script>`,
  '&amp; &lt; already escaped &#39; &quot;',
  'Zoë · 東京 · مرحبا · 🚀\u200b\u00a0end',
  '\uE000title\uE001 a marker of the shell itself',
  'plain',
]
const TITLES = [SITE_NAME, `${SITE_NAME} `, 'Private', ...HOSTILE]

const user = (email: string): User => ({ id: 7, accountId: 3, email, role: 'owner', insertedAt: 0, updatedAt: 0 }) as User
const account = (name: string): Account => ({ id: 3, name, insertedAt: 0, updatedAt: 0 }) as Account

async function AsyncNote({ text }: { text: string }) {
  await Promise.resolve()
  return <em title={text}>{text}</em>
}

/** What an extension may put in the nav-links slot, and page bodies as routes pass them. */
const NAV_LINKS: Child[] = [
  null,
  [],
  [null, null],
  [<a href={`/x?a=1&b="2"`}>{HOSTILE[0]}</a>, null, <a href="/security">Security · 🚀</a>],
  HOSTILE[1],
  raw('<a href="/trusted">already HTML &amp;</a>'),
  0,
]
const BODIES: Child[] = [
  [<p class="text-lg">Welcome {HOSTILE[0]}</p>, [<script src="/assets/a.js?x=1&y=2" defer></script>]],
  HOSTILE[2],
  [null, false, 42, raw('<div>raw &amp; trusted</div>')],
  [],
]

function viaJsx(props: LayoutProps): Promise<string> {
  return Promise.resolve(html`<!DOCTYPE html>${<Layout {...props} />}`).then(String)
}

function viaShell(props: LayoutProps): Promise<string> {
  return Promise.resolve(renderDefaultLayout(props)).then(String)
}

async function assertSameBytes(props: LayoutProps): Promise<void> {
  const [expected, actual] = await Promise.all([viaJsx(props), viaShell(props)])
  assert.equal(actual, expected, JSON.stringify({ ...props, navLinks: undefined, children: undefined }))
}

function* everyShape(): Generator<Omit<LayoutProps, 'navLinks' | 'children'>> {
  for (const [i, text] of HOSTILE.entries()) {
    const other = HOSTILE[(i + 1) % HOSTILE.length] as string
    const flashes = [{}, { info: text }, { error: other }, { info: other, error: text }, { info: '', error: '' }]
    for (const flash of flashes) {
      const base = { flash, csrfToken: `${other}token`, stylesheet: `/assets/app.css?v=${text}` }
      yield { ...base, title: TITLES[i % TITLES.length] as string, currentUser: null, currentAccount: null }
      yield { ...base, title: TITLES[(i + 3) % TITLES.length] as string, currentUser: user(text), currentAccount: null }
      yield { ...base, title: TITLES[(i + 5) % TITLES.length] as string, currentUser: user(other), currentAccount: account(text) }
    }
  }
}

describe('the default layout through its precompiled shell', () => {
  test('should ship shells compiled from the current layout (run `npm run build:layout-shells` after changing it)', () => {
    assert.equal(readFileSync(new URL('./layout-shells.ts', import.meta.url), 'utf8'), layoutShellsModule(), 'layout-shells.ts is stale: run npm run build:layout-shells')
  })

  test('should give the bytes hono/jsx gives for every shape of page and hostile values in every slot', async () => {
    let compared = 0
    for (const shape of everyShape()) {
      for (const [n, navLinks] of NAV_LINKS.entries()) {
        await assertSameBytes({ ...shape, navLinks, children: BODIES[n % BODIES.length] })
        compared++
      }
    }
    assert.equal(compared, HOSTILE.length * 5 * 3 * NAV_LINKS.length)
  })

  test('should give the bytes hono/jsx gives for every title, the site name alone included', async () => {
    for (const title of TITLES) {
      await assertSameBytes({ title, currentUser: user('a@example.com'), currentAccount: account('Acme'), flash: {}, csrfToken: 't', stylesheet: '/s.css', children: 'x' })
    }
  })

  test('should answer with a plain string, no promise, when nothing on the page is async', () => {
    for (const shape of everyShape()) {
      for (const navLinks of NAV_LINKS) assert.equal(typeof renderDefaultLayout({ ...shape, navLinks, children: BODIES[0] }), 'string')
    }
  })

  test('should wait for async components in the body and the nav links', async () => {
    const props: LayoutProps = {
      title: HOSTILE[0] as string,
      currentUser: user(HOSTILE[1] as string),
      currentAccount: account(HOSTILE[2] as string),
      flash: { info: HOSTILE[3] as string },
      csrfToken: 'token',
      stylesheet: '/s.css',
      navLinks: <AsyncNote text={HOSTILE[0] as string} />,
      children: [<p>before</p>, <AsyncNote text={HOSTILE[2] as string} />],
    }
    assert.ok(renderDefaultLayout(props) instanceof Promise)
    await assertSameBytes(props)
  })

  test('should escape the values it splices in, leaving no raw markup from them', async () => {
    const page = await viaShell({ title: '<t>', currentUser: user('"<e>"'), currentAccount: account("'a'&"), flash: { error: '<x>' }, csrfToken: '"', stylesheet: '/s.css', children: null })
    assert.ok(page.includes('<title>&lt;t&gt; · Gatehouse</title>'), page)
    assert.ok(page.includes('title="&quot;&lt;e&gt;&quot;"'), page)
    assert.ok(page.includes('&#39;a&#39;&amp;'), page)
    assert.ok(!page.includes('<x>') && !page.includes('<e>'), page)
  })
})
