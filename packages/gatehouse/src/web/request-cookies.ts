import type { Context } from 'hono'
import { parse } from 'hono/utils/cookie'

/** A request's cookies, read from its `Cookie` header once, whoever asks (session, CSRF, flash, extensions). */
export interface RequestCookies {
  /** Each readable cookie's value by name, as Hono's `getCookie` reads it (values it refuses are absent). */
  readonly values: Readonly<Record<string, string>>
  /** Every name the header carries, even with a value the parser refuses (non-ASCII, stray quotes…). */
  readonly names: ReadonlySet<string>
}

const NO_COOKIES: RequestCookies = Object.freeze({ values: Object.freeze({}), names: new Set<string>() })

/**
 * Parses a `Cookie` header: framework-free, so any adapter can read a request's cookies the way
 * Gatehouse's routes do. The first readable value of a name wins.
 *
 * @example
 * parseCookieHeader('gatehouse_session=abc; theme=dark').values.gatehouse_session // 'abc'
 */
export function parseCookieHeader(header: string | null | undefined): RequestCookies {
  if (!header) return NO_COOKIES
  let names: Set<string> | undefined
  return {
    values: parse(header),
    // Only asked for when a wanted cookie has no readable value: not on a normal request.
    get names() {
      return (names ??= namesIn(header))
    },
  }
}

function namesIn(header: string): Set<string> {
  const names = new Set<string>()
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq > 0) names.add(pair.slice(0, eq).trim())
  }
  return names
}

/**
 * This request's cookies, parsed on first use and kept on the context for the rest of it.
 *
 * @example
 * const token = cookiesOf(c).values['gatehouse_session']
 */
export function cookiesOf(c: Context): RequestCookies {
  let cookies = c.get('requestCookies')
  if (!cookies) {
    cookies = parseCookieHeader(c.req.header('cookie'))
    c.set('requestCookies', cookies)
  }
  return cookies
}
