import { generateRandomToken } from '../tokens/index.ts'

const ID_BYTES = 16
const SECRET_BYTES = 32
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/

/**
 * A session token is `<id>.<secret>`: the id finds the row, the secret (256 bits) proves
 * possession and is stored only as its SHA-256.
 */
export interface SessionTokenParts {
  readonly id: string
  readonly secret: string
}

export function generateSessionId(): string {
  return generateRandomToken(ID_BYTES)
}

export function generateSessionSecret(): string {
  return generateRandomToken(SECRET_BYTES)
}

export function formatSessionToken(parts: SessionTokenParts): string {
  return `${parts.id}.${parts.secret}`
}

/** Splits a presented token; anything malformed, truncated or oversized is null. */
export function parseSessionToken(token: string): SessionTokenParts | null {
  if (token.length !== 22 + 1 + 43) return null
  const [id, secret, extra] = token.split('.')
  if (extra !== undefined || !id || !secret || !ID_PATTERN.test(id) || !SECRET_PATTERN.test(secret)) return null
  return { id, secret }
}
