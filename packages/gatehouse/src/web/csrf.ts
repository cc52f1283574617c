import { randomBytes } from 'node:crypto'
import { constantTimeEqual, generateRandomToken } from '../tokens/index.ts'

const TOKEN_BYTES = 32

/**
 * A form token for the per-browser CSRF secret, masked with fresh random bytes on every page so
 * the token in the HTML never repeats (no BREACH-style compression leak); any mask verifies.
 *
 * @example
 * const field = maskCsrfToken(raw) // put in <input type="hidden" name="_csrf_token">
 */
export function maskCsrfToken(raw: string): string {
  const secret = Buffer.from(raw, 'base64url')
  const length = secret.length
  // One buffer, mask then masked secret: every signed-in page renders a sign-out form.
  const token = Buffer.allocUnsafe(length * 2)
  takeRandomBytes(length).copy(token, 0)
  for (let i = 0; i < length; i++) token[length + i] = (secret[i] as number) ^ (token[i] as number)
  return token.toString('base64url')
}

const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let poolOffset = 0

/**
 * Fresh random bytes for a mask, cut from a pool filled from the CSPRNG 4 KiB at a time: one
 * system call per 128 masks instead of one each. Each byte is handed out once.
 */
function takeRandomBytes(length: number): Buffer {
  if (poolOffset + length > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, length))
    poolOffset = 0
  }
  const bytes = pool.subarray(poolOffset, poolOffset + length)
  poolOffset += length
  return bytes
}

/** True when a submitted (masked) token belongs to the browser's CSRF secret. */
export function verifyCsrfToken(raw: string, submitted: string | null | undefined): boolean {
  if (typeof submitted !== 'string' || submitted.length > 200) return false
  const bytes = Buffer.from(submitted, 'base64url')
  if (bytes.length !== TOKEN_BYTES * 2) return false
  const unmasked = Buffer.alloc(TOKEN_BYTES)
  for (let i = 0; i < TOKEN_BYTES; i++) unmasked[i] = (bytes[i] as number) ^ (bytes[i + TOKEN_BYTES] as number)
  return constantTimeEqual(unmasked.toString('base64url'), raw)
}

export function generateCsrfSecret(): string {
  return generateRandomToken(TOKEN_BYTES)
}

/**
 * False for a request a browser marks as coming from another site: `Sec-Fetch-Site` other than
 * same-origin/none, or an `Origin` that is neither the configured public origin nor the origin
 * the request was addressed to. `Origin: null` is what browsers send for a form on a page with
 * `Referrer-Policy: no-referrer` (the token pages): it passes only when `Sec-Fetch-Site` vouches
 * for the same origin — a sandboxed cross-site frame also sends `null`, but never that.
 */
export function isSameOriginRequest(headers: Headers, requestUrl: string, publicOrigin: string): boolean {
  const site = headers.get('sec-fetch-site')
  if (site !== null && site !== 'same-origin' && site !== 'none') return false
  const origin = headers.get('origin')
  if (origin === null) return true
  if (origin === 'null') return site === 'same-origin'
  return origin === publicOrigin || origin === new URL(requestUrl).origin
}
