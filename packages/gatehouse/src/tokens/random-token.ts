import { randomBytes } from 'node:crypto'

/**
 * A URL-safe random string carrying `bytes` bytes of entropy (default 32 = 256 bits).
 *
 * @example
 * const secret = generateRandomToken() // 43 characters of base64url
 */
export function generateRandomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
