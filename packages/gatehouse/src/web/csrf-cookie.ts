import type { Context } from 'hono'
import { generateCsrfSecret, maskCsrfToken } from './csrf.ts'
import { signValue, verifySignedValue } from './signing.ts'
import type { WebContext } from './web-context.ts'

const PURPOSE = 'gatehouse.csrf'
/** Marks a request whose cookie was read and held no valid secret. */
const NONE = ''

/**
 * The browser's CSRF secret from its signed cookie, or undefined. Read (and its signature
 * checked) only when the request needs it, a form rendered or a state change checked, then
 * kept on the context: a page without a form does no CSRF work at all.
 *
 * @example
 * if (!verifyCsrfToken(csrfSecretOf(web, c) ?? '', submitted)) return forbidden()
 */
export function csrfSecretOf(web: WebContext, c: Context): string | undefined {
  const known = c.get('csrfRaw')
  if (known !== undefined) return known === NONE ? undefined : known
  const raw = verifySignedValue(web.core.config.secret, PURPOSE, web.cookies.get(c, 'csrf'))
  c.set('csrfRaw', raw ?? NONE)
  return raw ?? undefined
}

/**
 * A masked CSRF token for a form on this page, creating the browser's secret (and its cookie)
 * on first use. Apps call it for their own forms.
 *
 * @example
 * <input type="hidden" name="_csrf_token" value={csrfTokenFor(web, c)} />
 */
export function csrfTokenFor(web: WebContext, c: Context): string {
  let raw = csrfSecretOf(web, c)
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
