/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Flash } from './flash.ts'
import { errorHeading } from './pages/error-page.tsx'
import { csrfTokenFor } from './csrf-cookie.ts'
import type { WebContext } from './web-context.ts'

/**
 * Renders a page inside the (replaceable) layout. `body` receives the masked CSRF token for
 * its forms. Auth pages are never cached: `Cache-Control: no-store`.
 *
 * @example
 * return renderPage(web, c, { title: 'Sign in', status: 422, body: (csrfToken) => <SignIn csrfToken={csrfToken} /> })
 */
export function renderPage(
  web: WebContext,
  c: Context,
  options: { title: string; body: (csrfToken: string) => Child; status?: ContentfulStatusCode; flash?: Flash },
): Response | Promise<Response> {
  const csrfToken = csrfTokenFor(web, c)
  const Layout = web.pages.layout
  c.header('Cache-Control', 'no-store')
  const page = (
    <Layout
      title={options.title}
      currentUser={c.get('currentUser') ?? null}
      currentAccount={c.get('currentAccount') ?? null}
      flash={options.flash ?? c.get('flash') ?? {}}
      csrfToken={csrfToken}
      stylesheet={web.stylesheetHref}
      navLinks={navLinksFor(web, c)}
    >
      {options.body(csrfToken)}
    </Layout>
  )
  return c.html(html`<!DOCTYPE html>${page}`, options.status ?? 200)
}

/** An error page (403, 404, 413, 500) with a plain message. */
export function renderError(web: WebContext, c: Context, status: ContentfulStatusCode, message: string): Response | Promise<Response> {
  const ErrorPage = web.pages.error
  c.set('gatehouseErrorPage', true)
  return renderPage(web, c, { title: errorHeading(status), status, flash: {}, body: () => <ErrorPage status={status} message={message} /> })
}

function navLinksFor(web: WebContext, c: Context): Child {
  const user = c.get('currentUser')
  if (!user) return null
  return web.extensions.map((extension) => extension.slots?.navLinks?.(user) ?? null)
}
