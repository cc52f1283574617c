import { constantTimeEqual, hashTokenSecret, issueSplitToken, parseSplitToken } from '../api.ts'
import type { GatehouseRequest } from '../api.ts'
import type { SecurityPageKit } from './tables.ts'

/** A sign-in waiting for its second factor. */
export interface PendingSignIn {
  readonly id: string
  readonly userId: number
  readonly requestPath: string | null
  readonly persistentSession: string
}

/** How long the second step may wait after a correct password. */
export const PENDING_TTL_MS = 5 * 60_000
/** Wrong codes one pending sign-in may take before the person must start again. */
export const MAX_CODE_FAILURES = 5
const COOKIE = 'gatehouse_two_factor'

/**
 * Holds a sign-in whose password was right until the second factor: a row (the secret's
 * SHA-256 only) and an HttpOnly cookie with the token, both for 5 minutes. The cookie binds
 * the step to this browser; any pending step the browser had is dropped.
 */
export async function startPendingSignIn(kit: SecurityPageKit, req: GatehouseRequest, userId: number, requestPath: string | null, persistentSession: string): Promise<void> {
  await dropPendingSignIn(kit, req)
  const issued = issueSplitToken()
  await kit.db
    .insertInto('security_pending_sign_ins')
    .values({
      id: issued.id,
      secret_hash: issued.secretHash,
      user_id: userId,
      request_path: requestPath,
      persistent_session: persistentSession.slice(0, 16),
      expires_at: kit.clock.now() + PENDING_TTL_MS,
    })
    .execute()
  kit.cookies.set(req, COOKIE, issued.token, { maxAgeSeconds: PENDING_TTL_MS / 1000 })
}

/** This browser's live pending sign-in, or null (no cookie, unknown, wrong secret or expired: then deleted). */
export async function findPendingSignIn(kit: SecurityPageKit, req: GatehouseRequest): Promise<PendingSignIn | null> {
  const parts = parseSplitToken(kit.cookies.get(req, COOKIE) ?? '')
  if (!parts) return null
  const row = await kit.db.selectFrom('security_pending_sign_ins').selectAll().where('id', '=', parts.id).executeTakeFirst()
  if (!row || !constantTimeEqual(row.secret_hash, hashTokenSecret(parts.secret))) return null
  if (kit.clock.now() >= Number(row.expires_at)) {
    await kit.db.deleteFrom('security_pending_sign_ins').where('id', '=', row.id).execute()
    return null
  }
  return { id: row.id, userId: Number(row.user_id), requestPath: row.request_path, persistentSession: row.persistent_session }
}

/** Counts a wrong code; answers how many there have been (the row is gone past the limit). */
export async function recordCodeFailure(kit: SecurityPageKit, id: string): Promise<number> {
  await kit.db.updateTable('security_pending_sign_ins').set((eb) => ({ failures: eb('failures', '+', 1) })).where('id', '=', id).execute()
  const row = await kit.db.selectFrom('security_pending_sign_ins').select('failures').where('id', '=', id).executeTakeFirst()
  const failures = row ? Number(row.failures) : MAX_CODE_FAILURES
  if (failures >= MAX_CODE_FAILURES) await kit.db.deleteFrom('security_pending_sign_ins').where('id', '=', id).execute()
  return failures
}

/** Spends the pending sign-in (true for exactly one caller) and removes the cookie. */
export async function claimPendingSignIn(kit: SecurityPageKit, req: GatehouseRequest, id: string): Promise<boolean> {
  const deleted = await kit.db.deleteFrom('security_pending_sign_ins').where('id', '=', id).executeTakeFirst()
  kit.cookies.delete(req, COOKIE)
  return Number(deleted.numDeletedRows) === 1
}

/** Forgets this browser's pending sign-in, if any. */
export async function dropPendingSignIn(kit: SecurityPageKit, req: GatehouseRequest): Promise<void> {
  const parts = parseSplitToken(kit.cookies.get(req, COOKIE) ?? '')
  if (parts) await kit.db.deleteFrom('security_pending_sign_ins').where('id', '=', parts.id).execute()
  if (kit.cookies.has(req, COOKIE)) kit.cookies.delete(req, COOKIE)
}
