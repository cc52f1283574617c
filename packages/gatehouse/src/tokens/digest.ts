import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * SHA-256 of a token, hex encoded: what is stored at rest instead of the token itself.
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf...'
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/**
 * Compares two strings in time that depends only on their length, never on where they differ.
 *
 * @example
 * constantTimeEqual(sha256Hex(presented), storedHash)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  if (left.length !== right.length) return false
  return timingSafeEqual(left, right)
}
