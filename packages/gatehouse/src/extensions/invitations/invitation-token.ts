import { createHash, randomBytes } from 'node:crypto'

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/**
 * A new invitation token: 256 random bits, base64url. Only its hash is stored, so a leaked
 * database cannot be turned into working links.
 *
 * @example
 * const { token, hash } = newInvitationToken() // mail `token`, store `hash`
 */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashInvitationToken(token) }
}

/** SHA-256 of a token, hex: the only form that reaches the database. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * The hash to look a presented token up by, or null when it cannot be one of ours (wrong
 * length or alphabet): such input never reaches a query. The look-up is by hash, so the
 * database compares digests, never the secret itself, and timing tells nothing about it.
 *
 * @example
 * lookupHash(c.req.param('token')) // null for 'abc'
 */
export function lookupHash(presented: string): string | null {
  return TOKEN_PATTERN.test(presented) ? hashInvitationToken(presented) : null
}
