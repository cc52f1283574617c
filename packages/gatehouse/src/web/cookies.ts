import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { ResolvedConfig } from '../config.ts'
import { cookiesOf } from './request-cookies.ts'

export type CookieKind = 'session' | 'csrf' | 'flash'

/**
 * Gatehouse's cookies: HttpOnly, SameSite=Lax, Path=/; on HTTPS also Secure with the
 * `__Host-` prefix, which browsers only accept from this exact host over TLS.
 */
export class CookieJar {
  private readonly names: Record<CookieKind, string>
  private readonly secure: boolean

  constructor(config: Pick<ResolvedConfig, 'secureCookies'>) {
    this.secure = config.secureCookies
    const prefix = this.secure ? '__Host-' : ''
    this.names = { session: `${prefix}gatehouse_session`, csrf: `${prefix}gatehouse_csrf`, flash: `${prefix}gatehouse_flash` }
  }

  name(kind: CookieKind): string {
    return this.names[kind]
  }

  get(c: Context, kind: CookieKind): string | undefined {
    return cookiesOf(c).values[this.names[kind]]
  }

  /** True when the request carries this cookie at all, even with a value `get` cannot read (non-ASCII, quotes…). */
  has(c: Context, kind: CookieKind): boolean {
    return requestHasCookie(c, this.names[kind])
  }

  set(c: Context, kind: CookieKind, value: string): void {
    setCookie(c, this.names[kind], value, { httpOnly: true, sameSite: 'Lax', path: '/', secure: this.secure })
  }

  delete(c: Context, kind: CookieKind): void {
    deleteCookie(c, this.names[kind], { path: '/', secure: this.secure })
  }
}

/** True when the request's Cookie header names `name`, whatever its value (even one the parser refuses). */
export function requestHasCookie(c: Context, name: string): boolean {
  return cookiesOf(c).names.has(name)
}
