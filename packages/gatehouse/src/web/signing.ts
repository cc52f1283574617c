import { createHmac } from 'node:crypto'
import { constantTimeEqual } from '../tokens/index.ts'

/** HMAC-SHA256 of `value` under a key derived for one purpose, base64url. */
function mac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(purpose).update('\0').update(value).digest('base64url')
}

/**
 * `value.signature`, so a cookie's content can be trusted to come from this server. The purpose
 * keeps a signature for one cookie from being valid for another.
 *
 * @example
 * const cookie = signValue(secret, 'flash', json)
 * verifySignedValue(secret, 'flash', cookie) // json
 */
export function signValue(secret: string, purpose: string, value: string): string {
  return `${value}.${mac(secret, purpose, value)}`
}

/** The signed value, or null when the signature is missing or wrong. */
export function verifySignedValue(secret: string, purpose: string, signed: string | undefined): string | null {
  if (!signed) return null
  const dot = signed.lastIndexOf('.')
  if (dot <= 0) return null
  const value = signed.slice(0, dot)
  return constantTimeEqual(signed.slice(dot + 1), mac(secret, purpose, value)) ? value : null
}
