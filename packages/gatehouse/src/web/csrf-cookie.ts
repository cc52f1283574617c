import type { Context } from 'hono'
import { generateCsrfSecret, maskCsrfToken } from './csrf.ts'
import { signValue, verifySignedValue } from './signing.ts'
import type { WebContext } from './web-context.ts'

const PURPOSE = 'gatehouse.csrf'

/** The browser's CSRF secret from its signed cookie, or undefined. */
export function readCsrfSecret(web: WebContext, c: Context): string | undefined {
  return verifySignedValue(web.core.config.secret, PURPOSE, web.cookies.get(c, 'csrf')) ?? undefined
}

/**
 * A masked CSRF token for a form on this page, creating the browser's secret (and its cookie)
 * on first use. Apps call it for their own forms.
 *
 * @example
 * <input type="hidden" name="_csrf_token" value={csrfTokenFor(web, c)} />
 */
export function csrfTokenFor(web: WebContext, c: Context): string {
  let raw = c.get('csrfRaw')
  if (!raw) raw = resetCsrfSecret(web, c)
  return maskCsrfToken(raw)
}

/** A new CSRF secret: at sign-in and sign-out, so tokens from before stop working. */
export function resetCsrfSecret(web: WebContext, c: Context): string {
  const raw = generateCsrfSecret()
  c.set('csrfRaw', raw)
  web.cookies.set(c, 'csrf', signValue(web.core.config.secret, PURPOSE, raw))
  return raw
}
