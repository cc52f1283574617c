import type { Context } from 'hono'
import { generateCsrfSecret, maskCsrfToken } from './csrf.ts'
import { signValue, verifySignedValue } from './signing.ts'
import type { WebContext } from './web-context.ts'

const PURPOSE = 'gatehouse.csrf'
/** Marks a request whose cookie was read and held no valid secret. */
const NONE = ''
/** Signed cookies remembered per configuration; past this many the memory starts over. */
const MAX_VERIFIED = 4096

/**
 * CSRF cookies whose signature was checked, with the secret each holds, per configuration (its
 * secret). A browser sends the same signed cookie on every page while it keeps its secret, and
 * every signed-in page renders a form (sign-out): remembering the outcome spares an HMAC per
 * page. Only cookies that verified are kept, so a forged one is checked every time it comes.
 */
const verifiedCookies = new WeakMap<object, Map<string, string>>()

function secretInCookie(web: WebContext, signed: string | undefined): string | null {
  if (!signed) return null
  const { config } = web.core
  let known = verifiedCookies.get(config)
  if (!known) {
    known = new Map()
    verifiedCookies.set(config, known)
  }
  const remembered = known.get(signed)
  if (remembered !== undefined) return remembered
  const raw = verifySignedValue(config.secret, PURPOSE, signed)
  if (raw === null) return null
  if (known.size >= MAX_VERIFIED) known.clear()
  known.set(signed, raw)
  return raw
}

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
  const raw = secretInCookie(web, web.cookies.get(c, 'csrf'))
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
