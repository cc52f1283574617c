/**
 * An absolute link for a mail, built from the configured public origin only (`PUBLIC_URL`),
 * never from the request's `Host` or `X-Forwarded-Host`: a forged header must not be able to
 * send a password-reset link pointing to someone else's server. `path` must be a same-origin
 * path (one leading `/`, no backslash or control character); anything else is a programming
 * error and throws.
 *
 * @example
 * mailLink(config.publicOrigin, `/welcome/${encodeURIComponent(token)}`)
 * // 'https://app.example.com/welcome/Zm9v…'
 */
export function mailLink(publicOrigin: string, path: string): string {
  const origin = new URL(publicOrigin).origin
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!path.startsWith('/') || path.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(path)) {
    throw new TypeError(`mailLink needs a path starting with a single "/", got ${JSON.stringify(path.slice(0, 80))}`)
  }
  const url = new URL(path, origin)
  if (url.origin !== origin) throw new TypeError(`mailLink path ${JSON.stringify(path.slice(0, 80))} leaves ${origin}`)
  return url.href
}
