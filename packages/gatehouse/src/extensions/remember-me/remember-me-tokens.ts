import type { Kysely } from 'kysely'
import type { Account, User } from '../api.ts'
import type { RememberMeDatabase } from './tables.ts'
import {
  deleteExpiredUserPersistentSessions,
  deletePersistentSession,
  findPersistentSession,
  insertPersistentSession,
  rotatePersistentSecret,
} from './persistent-session-store.ts'
import type { PersistentSessionWithPrincipal } from './persistent-session-store.ts'
import { formatToken, generateSecret, generateTokenParts, hashesMatch, hashSecret, parseToken } from './remember-me-token.ts'

type Db = Kysely<RememberMeDatabase>

/** What a presented remember-me token is worth. */
export type RedeemResult =
  /** The current secret: it was replaced, and `token` must be given to the browser. */
  | { readonly kind: 'rotated'; readonly token: string; readonly expiresAt: number; readonly user: User; readonly account: Account }
  /** The secret replaced moments ago, by a parallel request of the same browser: still good. */
  | { readonly kind: 'in_grace'; readonly user: User; readonly account: Account }
  /** The secret replaced before the grace window closed: someone else holds a copy. */
  | { readonly kind: 'replayed'; readonly userId: number }
  /** Malformed, unknown, expired, revoked or forged. */
  | { readonly kind: 'invalid' }

const INVALID: RedeemResult = Object.freeze({ kind: 'invalid' })

/**
 * Issues a token for `userId`, valid for `ttlMs` from `now` (rotations never extend it), and
 * tidies the user's expired tokens. Returns the cookie value; only a hash is stored.
 *
 * @example
 * const token = await issueRememberMeToken(db, clock.now(), user.id, 30 * DAY)
 */
export async function issueRememberMeToken(db: Db, now: number, userId: number, ttlMs: number): Promise<string> {
  await deleteExpiredUserPersistentSessions(db, userId, now)
  const parts = generateTokenParts()
  await insertPersistentSession(db, {
    id: parts.id,
    secret_hash: hashSecret(parts.secret),
    previous_secret_hash: null,
    previous_valid_until: null,
    user_id: userId,
    created_at: now,
    expires_at: now + ttlMs,
  })
  return formatToken(parts)
}

/**
 * Uses a presented token once. Its current secret is replaced by compare-and-set (of parallel
 * uses exactly one rotates); the replaced secret keeps working for `graceMs`, so the browser's
 * other requests already in flight are not turned away. An expired token is deleted on the way.
 *
 * @example
 * const result = await redeemRememberMeToken(db, clock.now(), 60_000, cookieValue)
 * if (result.kind === 'rotated') setCookie(result.token)
 */
export async function redeemRememberMeToken(db: Db, now: number, graceMs: number, token: string): Promise<RedeemResult> {
  const parts = parseToken(token)
  if (!parts) return INVALID
  const found = await findPersistentSession(db, parts.id)
  if (!found) return INVALID
  if (now >= found.row.expires_at) {
    await deletePersistentSession(db, found.row.id)
    return INVALID
  }
  const presentedHash = hashSecret(parts.secret)
  if (!hashesMatch(presentedHash, found.row.secret_hash)) return matchPreviousSecret(found, presentedHash, now)
  const secret = generateSecret()
  const won = await rotatePersistentSecret(db, found.row.id, found.row.secret_hash, {
    secretHash: hashSecret(secret),
    previousSecretHash: found.row.secret_hash,
    previousValidUntil: now + graceMs,
  })
  if (won) return { kind: 'rotated', token: formatToken({ id: parts.id, secret }), expiresAt: found.row.expires_at, user: found.user, account: found.account }
  // Lost the race: a parallel request rotated first (this secret is now in its grace), or the
  // token was revoked meanwhile. Only the row as it is now can tell.
  const current = await findPersistentSession(db, parts.id)
  return current ? matchPreviousSecret(current, presentedHash, now) : INVALID
}

function matchPreviousSecret(found: PersistentSessionWithPrincipal, presentedHash: string, now: number): RedeemResult {
  const { row } = found
  if (!hashesMatch(presentedHash, row.previous_secret_hash)) return INVALID
  if (row.previous_valid_until !== null && now < row.previous_valid_until) return { kind: 'in_grace', user: found.user, account: found.account }
  return { kind: 'replayed', userId: row.user_id }
}

/**
 * Revokes the token a browser presents (sign-out), if it proves itself with its current or
 * previous secret: a forged value naming someone else's id revokes nothing.
 *
 * @example
 * await revokeRememberMeToken(db, cookieValue)
 */
export async function revokeRememberMeToken(db: Db, token: string): Promise<void> {
  const parts = parseToken(token)
  if (!parts) return
  const found = await findPersistentSession(db, parts.id)
  if (!found) return
  const presentedHash = hashSecret(parts.secret)
  if (hashesMatch(presentedHash, found.row.secret_hash) || hashesMatch(presentedHash, found.row.previous_secret_hash)) {
    await deletePersistentSession(db, found.row.id)
  }
}
