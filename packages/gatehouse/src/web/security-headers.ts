import type { SecurityHeadersOption } from '../config.ts'

/**
 * The Content-Security-Policy every Gatehouse page is served with. Gatehouse's pages carry no
 * JavaScript at all, so no script may run (`script-src 'none'`), not even one injected through
 * a bug in the app's templates; styles and images come from this origin only (the compiled
 * Tailwind stylesheet); forms post only here; no site may frame the pages (clickjacking) and no
 * `<base href>` may redirect relative links. The dev mailbox shows a mail's HTML in a
 * sandboxed `srcdoc` frame, which inherits this policy: the mail cannot run scripts either.
 */
export const DEFAULT_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

/**
 * A policy whose `script-src` allows exactly the given scripts (absolute URLs, so the
 * browser matches their paths) and nothing else; every other directive is kept as it was.
 * For the few pages that need JavaScript (WebAuthn): the rest keep `script-src 'none'`.
 *
 * @example
 * policyAllowingScripts(DEFAULT_CONTENT_SECURITY_POLICY, ['https://app.example.com/gatehouse/assets/x.js'])
 * // "default-src 'self'; script-src https://app.example.com/gatehouse/assets/x.js; style-src 'self'; …"
 */
export function policyAllowingScripts(policy: string, scriptUrls: readonly string[]): string {
  const directive = `script-src ${scriptUrls.join(' ')}`
  const directives = policy
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  const at = directives.findIndex((part) => /^script-src(\s|$)/i.test(part))
  if (at === -1) directives.push(directive)
  else directives[at] = directive
  return directives.join('; ')
}

/** HSTS for an `https://` PUBLIC_URL: one year, this host only (subdomains are not Gatehouse's to decide). */
export const DEFAULT_STRICT_TRANSPORT_SECURITY = 'max-age=31536000'

/**
 * The headers for every response, or an empty list when switched off.
 *
 * @example
 * securityHeaderList({}, true) // [['Content-Security-Policy', "default-src 'self'; …"], …, ['Strict-Transport-Security', 'max-age=31536000']]
 */
export function securityHeaderList(option: SecurityHeadersOption | undefined, https: boolean): ReadonlyArray<readonly [string, string]> {
  if (option === false) return []
  const headers: Array<readonly [string, string]> = [
    ['Content-Security-Policy', option?.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY],
    ['X-Content-Type-Options', 'nosniff'],
    // Old browsers without `frame-ancestors`.
    ['X-Frame-Options', 'DENY'],
    // Paths may carry a request_path; other sites never see them. Token pages send `no-referrer`.
    ['Referrer-Policy', 'same-origin'],
  ]
  const hsts = option?.strictTransportSecurity ?? DEFAULT_STRICT_TRANSPORT_SECURITY
  if (https && hsts !== false) headers.push(['Strict-Transport-Security', hsts])
  return Object.freeze(headers)
}

/**
 * The response with each header it does not already carry (a route's own `Referrer-Policy:
 * no-referrer` or an app's own policy wins). Headers are set in place; a response with
 * immutable headers (a proxied `fetch`) is copied first.
 *
 * @example
 * await next()
 * const secured = withSecurityHeaders(c.res, headers)
 * if (secured !== c.res) c.res = secured
 */
export function withSecurityHeaders(response: Response, headers: ReadonlyArray<readonly [string, string]>): Response {
  const missing = headers.filter(([name]) => !response.headers.has(name))
  if (missing.length === 0) return response
  try {
    for (const [name, value] of missing) response.headers.set(name, value)
    return response
  } catch {
    const copy = new Response(response.body, response)
    for (const [name, value] of missing) copy.headers.set(name, value)
    return copy
  }
}
