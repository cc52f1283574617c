import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const ID_BYTES = 16
const SECRET_BYTES = 32
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/
const TOKEN_LENGTH = 22 + 1 + 43

/**
 * A remember-me token is `<id>.<secret>`, like a session token: the id (128 bits) finds the
 * row and stays the same across rotations; the secret (256 bits) proves possession and is
 * stored only as its SHA-256.
 */
export interface RememberMeTokenParts {
  readonly id: string
  readonly secret: string
}

/**
 * A fresh id and secret.
 *
 * @example
 * const parts = generateTokenParts() // { id: '22 chars', secret: '43 chars' }
 */
export function generateTokenParts(): RememberMeTokenParts {
  return { id: randomBytes(ID_BYTES).toString('base64url'), secret: generateSecret() }
}

/** A new secret for an existing id (rotation). */
export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url')
}

/**
 * The cookie value.
 *
 * @example
 * formatToken({ id, secret }) // `${id}.${secret}`
 */
export function formatToken(parts: RememberMeTokenParts): string {
  return `${parts.id}.${parts.secret}`
}

/**
 * Splits a presented cookie value; anything malformed, truncated or oversized is null, so it
 * never reaches the database.
 *
 * @example
 * parseToken('garbage') // null
 */
export function parseToken(token: string): RememberMeTokenParts | null {
  if (token.length !== TOKEN_LENGTH) return null
  const [id, secret, extra] = token.split('.')
  if (extra !== undefined || !id || !secret || !ID_PATTERN.test(id) || !SECRET_PATTERN.test(secret)) return null
  return { id, secret }
}

/**
 * What is stored instead of a secret: its SHA-256, hex encoded.
 *
 * @example
 * hashSecret(parts.secret) // 64 hex characters
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/**
 * Compares two hashes in time that does not depend on where they differ.
 *
 * @example
 * hashesMatch(hashSecret(presented), row.secret_hash)
 */
export function hashesMatch(a: string, b: string | null): boolean {
  if (b === null) return false
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
