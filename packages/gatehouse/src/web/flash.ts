import type { Context } from 'hono'
import type { CookieJar } from './cookies.ts'
import { signValue, verifySignedValue } from './signing.ts'

/** A one-time message shown on the next page: `info` for success, `error` for failure. */
export interface Flash {
  readonly info?: string
  readonly error?: string
}

const PURPOSE = 'gatehouse.flash'

/** Reads the flash cookie; a forged or malformed one is simply no flash. */
export function readFlash(c: Context, cookies: CookieJar, secret: string): Flash {
  const json = verifySignedValue(secret, PURPOSE, cookies.get(c, 'flash'))
  if (json === null) return {}
  try {
    const value = JSON.parse(Buffer.from(json, 'base64url').toString('utf8')) as Record<string, unknown>
    return {
      ...(typeof value.info === 'string' ? { info: value.info } : {}),
      ...(typeof value.error === 'string' ? { error: value.error } : {}),
    }
  } catch {
    return {}
  }
}

/** Stores a flash for the next page; a null message (Pow's "no message") stores nothing. */
export function writeFlash(c: Context, cookies: CookieJar, secret: string, flash: { info?: string | null; error?: string | null }): void {
  const value: Flash = { ...(flash.info ? { info: flash.info } : {}), ...(flash.error ? { error: flash.error } : {}) }
  if (!value.info && !value.error) return
  cookies.set(c, 'flash', signValue(secret, PURPOSE, Buffer.from(JSON.stringify(value)).toString('base64url')))
}
