/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { Flash } from './flash.ts'
import { scriptTagHtml } from './jsx-html.tsx'
import { renderDefaultLayout } from './layout-shell.ts'
import { DEFAULT_PAGES } from './pages/index.ts'
import type { LayoutProps, Pages } from './pages/index.ts'
import { errorHeading } from './pages/error-page.tsx'
import { DEFAULT_CONTENT_SECURITY_POLICY, policyAllowingScripts } from './security-headers.ts'
import { csrfTokenFor } from './csrf-cookie.ts'
import type { WebContext } from './web-context.ts'

/**
 * Renders a page inside the (replaceable) layout. `body` receives the masked CSRF token for
 * its forms. Auth pages are never cached: `Cache-Control: no-store`. `scripts` (same-origin
 * paths) are loaded at the end of the page, and this response's Content-Security-Policy allows
 * exactly them; pages without scripts keep `script-src 'none'`.
 *
 * @example
 * return renderPage(web, c, { title: 'Sign in', status: 422, body: (csrfToken) => <SignIn csrfToken={csrfToken} /> })
 */
export function renderPage(
  web: WebContext,
  c: Context,
  options: { title: string; body: (csrfToken: string) => Child; status?: ContentfulStatusCode; flash?: Flash; scripts?: readonly string[] },
): Response | Promise<Response> {
  const csrfToken = csrfTokenFor(web, c)
  const scripts = options.scripts ?? []
  if (scripts.length > 0) allowScripts(web, c, scripts)
  c.header('Cache-Control', 'no-store')
  const props: LayoutProps = {
    title: options.title,
    currentUser: c.get('currentUser') ?? null,
    currentAccount: c.get('currentAccount') ?? null,
    flash: options.flash ?? c.get('flash') ?? {},
    csrfToken,
    stylesheet: web.stylesheetHref,
    navLinks: navLinksFor(web, c),
    children: [options.body(csrfToken), scripts.map(scriptTagHtml)],
  }
  return c.html(renderInLayout(web.pages.layout, props), options.status ?? 200)
}

/**
 * The default layout renders through its precompiled shell (the same bytes, several times
 * cheaper); a layout the app replaced (`pages.layout`, an ejected copy) renders through hono/jsx.
 */
function renderInLayout(Layout: Pages['layout'], props: LayoutProps): string | Promise<HtmlEscapedString> | HtmlEscapedString {
  if (Layout === DEFAULT_PAGES.layout) return renderDefaultLayout(props)
  return html`<!DOCTYPE html>${<Layout {...props} />}`
}

/** Sets this response's policy (the configured one, or the default) with `script-src` naming exactly these scripts. */
function allowScripts(web: WebContext, c: Context, scripts: readonly string[]): void {
  const { securityHeaders, publicOrigin } = web.core.config
  if (securityHeaders === false) return
  const urls = scripts.map((src) => {
    const url = new URL(src, publicOrigin)
    return url.origin + url.pathname
  })
  c.header('Content-Security-Policy', policyAllowingScripts(securityHeaders.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY, urls))
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
