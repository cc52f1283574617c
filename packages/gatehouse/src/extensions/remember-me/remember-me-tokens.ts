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
import { issueSplitToken, matchRotatingSecret, parseSplitToken, reissueSplitToken, rotateSecret } from '../api.ts'
import type { RotatingSecret } from '../api.ts'

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
  const issued = issueSplitToken()
  await insertPersistentSession(db, {
    id: issued.id,
    secret_hash: issued.secretHash,
    previous_secret_hash: null,
    previous_valid_until: null,
    user_id: userId,
    created_at: now,
    expires_at: now + ttlMs,
  })
  return issued.token
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
  const parts = parseSplitToken(token)
  if (!parts) return INVALID
  const found = await findPersistentSession(db, parts.id)
  if (!found) return INVALID
  if (now >= found.row.expires_at) {
    await deletePersistentSession(db, found.row.id)
    return INVALID
  }
  if (matchRotatingSecret(parts.secret, storedSecret(found), now) !== 'current') return earlierSecret(found, parts.secret, now)
  const next = reissueSplitToken(parts.id)
  const won = await rotatePersistentSecret(db, found.row.id, found.row.secret_hash, rotateSecret(found.row.secret_hash, next.secretHash, now, graceMs))
  if (won) return { kind: 'rotated', token: next.token, expiresAt: found.row.expires_at, user: found.user, account: found.account }
  // Lost the race: a parallel request rotated first (this secret is now in its grace), or the
  // token was revoked meanwhile. Only the row as it is now can tell.
  const current = await findPersistentSession(db, parts.id)
  return current ? earlierSecret(current, parts.secret, now) : INVALID
}

function storedSecret({ row }: PersistentSessionWithPrincipal): RotatingSecret {
  return { secretHash: row.secret_hash, previousSecretHash: row.previous_secret_hash, previousValidUntil: row.previous_valid_until }
}

/** A secret that is not the current one: the replaced one in its grace, a replay after it, or nothing. */
function earlierSecret(found: PersistentSessionWithPrincipal, secret: string, now: number): RedeemResult {
  switch (matchRotatingSecret(secret, storedSecret(found), now)) {
    case 'previous':
      return { kind: 'in_grace', user: found.user, account: found.account }
    case 'previous_expired':
      return { kind: 'replayed', userId: found.row.user_id }
    default:
      return INVALID
  }
}

/**
 * Revokes the token a browser presents (sign-out), if it proves itself with its current or
 * previous secret: a forged value naming someone else's id revokes nothing.
 *
 * @example
 * await revokeRememberMeToken(db, cookieValue)
 */
export async function revokeRememberMeToken(db: Db, token: string): Promise<void> {
  const parts = parseSplitToken(token)
  if (!parts) return
  const found = await findPersistentSession(db, parts.id)
  if (!found) return
  // Proof of either secret, in its grace or not (so the time does not matter): a browser may sign out with a rotated-away cookie.
  if (matchRotatingSecret(parts.secret, storedSecret(found), 0) !== 'none') {
    await deletePersistentSession(db, found.row.id)
  }
}
