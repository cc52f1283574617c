import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { issueLookupToken, lookupHashOf } from './split-token.ts'


/** A mailed token that is still valid: whose it is and the address it was sent to. */
export interface UserTokenGrant {
  readonly userId: number
  readonly sentTo: string
}

/**
 * Issues a single-use token for one user and one purpose (256 bits, stored as SHA-256 only),
 * bound to the address it is mailed to. Call it inside the transaction that enqueues the mail.
 *
 * @example
 * const token = await createUserToken(trx, clock, { userId, purpose: 'welcome', sentTo: email, ttlMs: 3_600_000 })
 */
export async function createUserToken(
  db: Kysely<GatehouseTables>,
  clock: Clock,
  grant: { userId: number; purpose: string; sentTo: string; ttlMs: number },
): Promise<string> {
  const { token, hash } = issueLookupToken()
  const now = clock.now()
  await db
    .insertInto('user_tokens')
    .values({ user_id: grant.userId, purpose: grant.purpose, token_hash: hash, sent_to: grant.sentTo, created_at: now, expires_at: now + grant.ttlMs })
    .execute()
  return token
}

/** The grant behind a token, without using it up (to show a form); null if unknown or expired. */
export async function findUserToken(db: Kysely<GatehouseTables>, clock: Clock, purpose: string, token: string): Promise<UserTokenGrant | null> {
  const hash = lookupHashOf(token)
  if (!hash) return null
  const row = await db
    .selectFrom('user_tokens')
    .select(['user_id', 'sent_to'])
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', clock.now())
    .executeTakeFirst()
  return row ? { userId: row.user_id, sentTo: row.sent_to } : null
}

/**
 * Uses a token up: one DELETE … RETURNING, so of many concurrent uses exactly one gets the
 * grant. Call it in the transaction that performs the change the token authorises.
 */
export async function consumeUserToken(db: Kysely<GatehouseTables>, clock: Clock, purpose: string, token: string): Promise<UserTokenGrant | null> {
  const hash = lookupHashOf(token)
  if (!hash) return null
  const row = await db
    .deleteFrom('user_tokens')
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', clock.now())
    .returning(['user_id', 'sent_to'])
    .executeTakeFirst()
  return row ? { userId: row.user_id, sentTo: row.sent_to } : null
}

/** Deletes a user's outstanding tokens of one purpose (e.g. other reset links after a reset). */
export async function deleteUserTokens(db: Kysely<GatehouseTables>, userId: number, purpose: string): Promise<void> {
  await db.deleteFrom('user_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).execute()
}
