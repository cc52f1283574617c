/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { html, raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { Card, LINK_CLASS } from '@gatehouse-auth/gatehouse/hono'
import { renderDefaultLayout } from '../../../packages/gatehouse/src/web/layout-shell.ts'
import { DEFAULT_PAGES } from '../../../packages/gatehouse/src/web/pages/index.ts'
import { median } from '../harness/stats.ts'

/**
 * `npm run bench:layout`: the signed-in layout with the tutorial's /private body, rendered the
 * way Gatehouse rendered it before (hono/jsx to a string) against the library's static shell of
 * the same layout (`renderDefaultLayout`: the markup around the per-request values precompiled
 * once into strings, the values escaped and spliced in), with the body as JSX and as a prebuilt
 * string. All must give the same bytes; prints renders per second, medians of rounds.
 */
const Layout = DEFAULT_PAGES.layout
const user = { id: 1, accountId: 1, email: 'user0000001@example.com', role: 'owner' as const, insertedAt: 0, updatedAt: 0 }
const account = { id: 1, name: 'Account 0000001', insertedAt: 0, updatedAt: 0 }
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5)
const PER_ROUND = 20_000

function body() {
  return (
    <Card title="Private">
      <p class="text-lg">Welcome {user.email}</p>
      <p class="mt-2 text-sm text-slate-700">Account: {account.name}</p>
      <p class="mt-6">
        <a href="/secrets" class={LINK_CLASS}>
          Your account's secrets
        </a>
      </p>
    </Card>
  )
}

function viaJsx(csrfToken: string): string {
  const page = (
    <Layout title="Private" currentUser={user} currentAccount={account} flash={{}} csrfToken={csrfToken} stylesheet="/assets/app.css?v=1" navLinks={null}>
      {body()}
    </Layout>
  )
  return html`<!DOCTYPE html>${page}`.toString() as string
}

/** The library's shell of the same layout, as `renderPage` uses it for the default layout. */
function viaShellWith(children: () => unknown) {
  return (csrfToken: string) =>
    renderDefaultLayout({ title: 'Private', currentUser: user, currentAccount: account, flash: {}, csrfToken, stylesheet: '/assets/app.css?v=1', navLinks: null, children: children() as Child }) as string
}
const staticBody = raw((body() as unknown as { toString(): string }).toString())
const viaShell = viaShellWith(body)
const viaShellStaticBody = viaShellWith(() => staticBody)

const token = 'x'.repeat(86)
for (const [name, render] of [['shell', viaShell], ['shell, static body', viaShellStaticBody]] as const) {
  if (render(token) !== viaJsx(token)) throw new Error(`${name} gives other bytes than hono/jsx`)
}

const contenders = { 'hono/jsx layout + body': viaJsx, 'static shell + jsx body': viaShell, 'static shell + static body': viaShellStaticBody }
const results: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const [name, render] of Object.entries(contenders)) {
    const started = performance.now()
    let bytes = 0
    for (let i = 0; i < PER_ROUND; i++) bytes += render(token).length
    const perSecond = PER_ROUND / ((performance.now() - started) / 1000)
    if (round > 0 && bytes > 0) results[name]?.push(perSecond)
  }
}
const base = median(results['hono/jsx layout + body'] ?? [])
for (const [name, values] of Object.entries(results)) {
  console.log(`${name.padEnd(28)} ${Math.round(median(values)).toString().padStart(8)} renders/s (${(1e6 / median(values)).toFixed(1)} µs each), ${(median(values) / base).toFixed(2)}× hono/jsx; rounds ${values.map((v) => Math.round(v)).join(', ')}`)
}
