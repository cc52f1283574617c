import type { CoreContext } from '../context.ts'
import type { Account, User } from '../models.ts'
import { issueSplitToken, matchRotatingSecret, parseSplitToken, reissueSplitToken, rotateSecret } from '../tokens/split-token.ts'

/** A session as the app sees it; the stored row keeps only hashes of its secrets. */
export interface Session {
  readonly id: string
  readonly userId: number
  readonly accountId: number
  readonly createdAt: number
  readonly refreshedAt: number
  readonly expiresAt: number
}

/** A token that passed validation, with who it signs in. */
export interface ValidatedSession {
  readonly session: Session
  readonly user: User
  readonly account: Account
  /** Set when this validation rotated the secret: the client must be given this new token. */
  readonly rotatedToken: string | null
}

/**
 * Starts a new session for a user (sign-in, registration). Every sign-in gets a brand-new
 * id and secret, so a session id planted before sign-in is worthless after it.
 *
 * @example
 * const { token } = await createSession(ctx, user)
 * // set `token` as the session cookie
 */
export async function createSession(ctx: CoreContext, user: Pick<User, 'id' | 'accountId'>): Promise<{ token: string; session: Session }> {
  const now = ctx.clock.now()
  const issued = issueSplitToken()
  const row = {
    id: issued.id,
    secret_hash: issued.secretHash,
    previous_secret_hash: null,
    previous_valid_until: null,
    user_id: user.id,
    account_id: user.accountId,
    created_at: now,
    refreshed_at: now,
    expires_at: now + ctx.sessionPolicy.absoluteLifetimeMs,
  }
  await ctx.sessions.insert(row)
  return { token: issued.token, session: toSession(row) }
}

/**
 * Checks a presented session token. Returns null for anything that does not sign a user in
 * (malformed, unknown, wrong secret, idle or past its lifetime); expired rows are deleted on
 * the way. One store lookup plus one SHA-256; the only write is the rotation once every
 * `rotationIntervalMs`, and the secret it replaces keeps working for `rotationGraceMs` so that
 * requests already in flight with the old cookie are not signed out.
 *
 * @example
 * const current = await validateSessionToken(ctx, cookieValue)
 * if (current?.rotatedToken) setCookie(current.rotatedToken)
 */
export async function validateSessionToken(ctx: CoreContext, token: string): Promise<ValidatedSession | null> {
  const parts = parseSplitToken(token)
  if (!parts) return null
  const found = await ctx.sessions.findWithPrincipal(parts.id)
  if (!found) return null
  const { session: row, user, account } = found
  const policy = ctx.sessionPolicy
  const now = ctx.clock.now()
  if (now >= row.expires_at || now >= row.refreshed_at + policy.idleTimeoutMs) {
    await ctx.sessions.delete(row.id)
    return null
  }
  const match = matchRotatingSecret(parts.secret, { secretHash: row.secret_hash, previousSecretHash: row.previous_secret_hash, previousValidUntil: row.previous_valid_until }, now)
  if (match === 'previous') return { session: toSession(row), user, account, rotatedToken: null }
  if (match !== 'current') return null
  if (now - row.refreshed_at < policy.rotationIntervalMs) return { session: toSession(row), user, account, rotatedToken: null }
  const next = reissueSplitToken(row.id)
  const won = await ctx.sessions.rotateSecret(row.id, row.secret_hash, { ...rotateSecret(row.secret_hash, next.secretHash, now, policy.rotationGraceMs), refreshedAt: now })
  // Losing the race means a parallel request rotated first; this one stays valid on the grace path.
  const session = toSession(won ? { ...row, refreshed_at: now } : row)
  return { session, user, account, rotatedToken: won ? next.token : null }
}

/**
 * Gives a session a new secret at once, with no grace for the old one: used after a profile
 * change, so a token copied before the change stops working.
 *
 * @example
 * const token = await rotateSession(ctx, current.session.id)
 */
export async function rotateSession(ctx: CoreContext, sessionId: string): Promise<string | null> {
  const found = await ctx.sessions.findWithPrincipal(sessionId)
  if (!found) return null
  const next = reissueSplitToken(sessionId)
  const won = await ctx.sessions.rotateSecret(sessionId, found.session.secret_hash, {
    secretHash: next.secretHash,
    previousSecretHash: null,
    previousValidUntil: null,
    refreshedAt: ctx.clock.now(),
  })
  return won ? next.token : null
}

/** Ends one session server-side (sign-out): its token no longer works anywhere. */
export async function invalidateSession(ctx: CoreContext, sessionId: string): Promise<void> {
  await ctx.sessions.delete(sessionId)
}

/**
 * Ends every session of a user, optionally keeping one (the browser that changed the password).
 *
 * @example
 * await invalidateUserSessions(ctx, user.id, { except: current.session.id })
 */
export async function invalidateUserSessions(ctx: CoreContext, userId: number, options: { except?: string } = {}): Promise<void> {
  await ctx.sessions.deleteForUser(userId, options.except)
}

/**
 * A user's live sessions (past neither their absolute nor their idle end), the most recently
 * active first: what a "where you are signed in" page lists.
 *
 * @example
 * const sessions = await listUserSessions(ctx, user.id)
 */
export async function listUserSessions(ctx: CoreContext, userId: number): Promise<Session[]> {
  const now = ctx.clock.now()
  const { idleTimeoutMs } = ctx.sessionPolicy
  const rows = await ctx.sessions.listForUser(userId)
  return rows
    .filter((row) => now < row.expires_at && now < row.refreshed_at + idleTimeoutMs)
    .map(toSession)
    .sort((a, b) => b.refreshedAt - a.refreshedAt || b.createdAt - a.createdAt)
}

/**
 * Ends one session of a user, if it is theirs: true when it was (it no longer works on any
 * node, since every request looks it up in the store), false for another user's or an unknown id.
 *
 * @example
 * if (!(await invalidateUserSession(ctx, user.id, sessionId))) return notFound()
 */
export async function invalidateUserSession(ctx: CoreContext, userId: number, sessionId: string): Promise<boolean> {
  const found = await ctx.sessions.findWithPrincipal(sessionId)
  if (!found || found.session.user_id !== userId) return false
  await ctx.sessions.delete(sessionId)
  return true
}

/** Deletes expired sessions; returns how many (for a periodic job or `gatehouse sessions:prune`). */
export function pruneExpiredSessions(ctx: CoreContext): Promise<number> {
  return ctx.sessions.deleteExpired(ctx.clock.now(), ctx.sessionPolicy.idleTimeoutMs)
}

function toSession(row: { id: string; user_id: number; account_id: number; created_at: number; refreshed_at: number; expires_at: number }): Session {
  return { id: row.id, userId: row.user_id, accountId: row.account_id, createdAt: row.created_at, refreshedAt: row.refreshed_at, expiresAt: row.expires_at }
}
