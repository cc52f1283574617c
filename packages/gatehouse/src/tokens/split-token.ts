import { generateRandomToken } from './random-token.ts'
import { constantTimeEqual, sha256Hex } from './digest.ts'

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/
const TOKEN_LENGTH = 22 + 1 + 43

/**
 * A split token `<id>.<secret>`: the id (128 bits) finds the row and stays the same across
 * rotations; the secret (256 bits) proves possession and is stored only as its SHA-256.
 * Sessions, extensions' long-lived sign-in tokens and (later) API access tokens are all this.
 */
export interface SplitToken {
  readonly id: string
  readonly secret: string
}

/** A token as it is handed out: the parts, the text to give away, and the hash to store. */
export interface IssuedSplitToken extends SplitToken {
  readonly token: string
  readonly secretHash: string
}

/** A stored secret with the one it replaced, still accepted until `previousValidUntil` (rotation grace). */
export interface RotatingSecret {
  readonly secretHash: string
  readonly previousSecretHash: string | null
  readonly previousValidUntil: number | null
}

/**
 * A new token: fresh id and secret.
 *
 * @example
 * const { token, id, secretHash } = issueSplitToken() // store id + secretHash, give token away
 */
export function issueSplitToken(): IssuedSplitToken {
  return withSecret(generateRandomToken(16))
}

/**
 * A new secret for an existing id: what a rotation hands out.
 *
 * @example
 * const next = reissueSplitToken(row.id)
 */
export function reissueSplitToken(id: string): IssuedSplitToken {
  return withSecret(id)
}

function withSecret(id: string): IssuedSplitToken {
  const secret = generateRandomToken(32)
  return { id, secret, token: `${id}.${secret}`, secretHash: hashTokenSecret(secret) }
}

/**
 * Splits a presented token; anything malformed, truncated or oversized is null, so it never
 * reaches a store.
 *
 * @example
 * parseSplitToken('garbage') // null
 */
export function parseSplitToken(token: string): SplitToken | null {
  if (token.length !== TOKEN_LENGTH) return null
  const [id, secret, extra] = token.split('.')
  if (extra !== undefined || !id || !secret || !ID_PATTERN.test(id) || !SECRET_PATTERN.test(secret)) return null
  return { id, secret }
}

/**
 * What is stored instead of a secret: its SHA-256, hex.
 *
 * @example
 * hashTokenSecret(parts.secret) // 64 hex characters
 */
export function hashTokenSecret(secret: string): string {
  return sha256Hex(secret)
}

/**
 * Which stored secret a presented one is, compared in constant time: the current one, the
 * previous one within its grace, the previous one after it (a replayed, rotated-away secret),
 * or none.
 *
 * @example
 * const match = matchRotatingSecret(parts.secret, { secretHash: row.secret_hash, previousSecretHash: row.previous_secret_hash, previousValidUntil: row.previous_valid_until }, now)
 */
export function matchRotatingSecret(secret: string, stored: RotatingSecret, now: number): 'current' | 'previous' | 'previous_expired' | 'none' {
  const presented = hashTokenSecret(secret)
  if (constantTimeEqual(presented, stored.secretHash)) return 'current'
  if (stored.previousSecretHash === null || !constantTimeEqual(presented, stored.previousSecretHash)) return 'none'
  return stored.previousValidUntil !== null && now < stored.previousValidUntil ? 'previous' : 'previous_expired'
}

/**
 * The stored state after a rotation: the new secret's hash, and the replaced one accepted for
 * `graceMs` more (so a concurrent request of the same browser is not signed out).
 *
 * @example
 * const next = reissueSplitToken(row.id)
 * await store.rotate(row.id, rotateSecret(row.secret_hash, next.secretHash, now, 60_000))
 */
export function rotateSecret(currentSecretHash: string, nextSecretHash: string, now: number, graceMs: number): RotatingSecret {
  return { secretHash: nextSecretHash, previousSecretHash: currentSecretHash, previousValidUntil: now + graceMs }
}

/**
 * A lookup token: a secret alone (256 bits), found by its SHA-256. For mailed links, whose
 * format is part of the HTTP contract: the database compares digests, never the secret.
 *
 * @example
 * const { token, hash } = issueLookupToken() // mail `token`, store `hash`
 */
export function issueLookupToken(): { token: string; hash: string } {
  const token = generateRandomToken(32)
  return { token, hash: hashTokenSecret(token) }
}

/**
 * The hash to look a presented lookup token up by, or null when it cannot be one (wrong
 * length or alphabet): such input never reaches a query.
 *
 * @example
 * lookupHashOf(c.req.param('token')) // null for 'abc'
 */
export function lookupHashOf(presented: string): string | null {
  return SECRET_PATTERN.test(presented) ? hashTokenSecret(presented) : null
}
