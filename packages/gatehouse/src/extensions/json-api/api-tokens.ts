import { issueSplitToken, matchRotatingSecret, parseSplitToken, reissueSplitToken, rotateSecret } from '../api.ts'
import type { Account, Kysely, Refused, Succeeded, User } from '../api.ts'
import type { ApiTokenRow, JsonApiDatabase } from './tables.ts'
import type { JsonApiSettings } from './settings.ts'

type Db = Kysely<JsonApiDatabase>

/** What a sign-in, registration or renewal hands the client. */
export interface ApiTokens {
  readonly access_token: string
  readonly renewal_token: string
}

/** The user and account an access token belongs to, and which sign-in it is. */
export interface ApiPrincipal {
  readonly user: User
  readonly account: Account
  readonly tokenId: string
}

export type RenewResult =
  | Succeeded<{ tokens: ApiTokens; userId: number }>
  /** Malformed, unknown, expired, lost a race, or a retry of a renewal within the grace. */
  | Refused<'invalid'>
  /** A renewal token replaced longer ago than the grace: someone holds a copy, the sign-in is revoked. */
  | Refused<'replayed', { userId: number }>

/**
 * Starts an API sign-in for `userId`: a new access token and renewal token (split tokens,
 * only their hashes stored).
 *
 * @example
 * const tokens = await issueApiTokens(db, settings, clock.now(), user.id)
 */
export async function issueApiTokens(db: Db, settings: JsonApiSettings, now: number, userId: number): Promise<ApiTokens> {
  const renewal = issueSplitToken()
  const access = issueSplitToken()
  await db
    .insertInto('api_tokens')
    .values({
      id: renewal.id,
      user_id: userId,
      renewal_secret_hash: renewal.secretHash,
      previous_renewal_secret_hash: null,
      previous_valid_until: null,
      renewal_expires_at: now + settings.renewalTokenTtlMs,
      access_id: access.id,
      access_secret_hash: access.secretHash,
      access_expires_at: now + settings.accessTokenTtlMs,
      created_at: now,
    })
    .execute()
  return { access_token: access.token, renewal_token: renewal.token }
}

/**
 * The user an access token signs in, or null (malformed, unknown, expired, revoked, or a
 * renewal token: those are looked up by another column and never match).
 *
 * @example
 * const principal = await authenticateAccessToken(db, clock.now(), header)
 */
export async function authenticateAccessToken(db: Db, now: number, token: string): Promise<ApiPrincipal | null> {
  const parts = parseSplitToken(token)
  if (!parts) return null
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select([
      't.id as token_id',
      't.access_secret_hash',
      't.access_expires_at',
      'u.id as user_id',
      'u.account_id',
      'u.email',
      'u.role',
      'u.inserted_at as user_inserted_at',
      'u.updated_at as user_updated_at',
      'a.name as account_name',
      'a.inserted_at as account_inserted_at',
      'a.updated_at as account_updated_at',
    ])
    .where('t.access_id', '=', parts.id)
    .executeTakeFirst()
  if (!row || now >= Number(row.access_expires_at)) return null
  const match = matchRotatingSecret(parts.secret, { secretHash: row.access_secret_hash, previousSecretHash: null, previousValidUntil: null }, now)
  if (match !== 'current') return null
  return {
    tokenId: row.token_id,
    user: { id: row.user_id, accountId: row.account_id, email: row.email, role: row.role, insertedAt: row.user_inserted_at, updatedAt: row.user_updated_at },
    account: { id: row.account_id, name: row.account_name, insertedAt: row.account_inserted_at, updatedAt: row.account_updated_at },
  }
}

/**
 * Uses a renewal token once: a new access token and a new renewal token, by compare-and-set on
 * the stored secret, so of parallel renewals with one token exactly one succeeds. The replaced
 * renewal token answers `invalid` for `renewalGraceMs` (a client's retry), then `replayed`, and
 * the whole sign-in is deleted.
 *
 * @example
 * const result = await renewApiTokens(db, settings, clock.now(), header)
 */
export async function renewApiTokens(db: Db, settings: JsonApiSettings, now: number, token: string): Promise<RenewResult> {
  const parts = parseSplitToken(token)
  if (!parts) return INVALID
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', parts.id).executeTakeFirst()
  if (!row) return INVALID
  if (now >= Number(row.renewal_expires_at)) {
    await deleteApiTokens(db, row.id)
    return INVALID
  }
  const match = matchRotatingSecret(parts.secret, storedRenewalSecret(row), now)
  if (match === 'previous_expired') {
    await deleteApiTokens(db, row.id)
    return { ok: false, reason: 'replayed', userId: row.user_id }
  }
  if (match !== 'current') return INVALID
  const renewal = reissueSplitToken(row.id)
  const access = issueSplitToken()
  const rotated = rotateSecret(row.renewal_secret_hash, renewal.secretHash, now, settings.renewalGraceMs)
  const result = await db
    .updateTable('api_tokens')
    .set({
      renewal_secret_hash: rotated.secretHash,
      previous_renewal_secret_hash: rotated.previousSecretHash,
      previous_valid_until: rotated.previousValidUntil,
      renewal_expires_at: now + settings.renewalTokenTtlMs,
      access_id: access.id,
      access_secret_hash: access.secretHash,
      access_expires_at: now + settings.accessTokenTtlMs,
    })
    .where('id', '=', row.id)
    .where('renewal_secret_hash', '=', row.renewal_secret_hash)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return INVALID
  return { ok: true, tokens: { access_token: access.token, renewal_token: renewal.token }, userId: row.user_id }
}

/**
 * Ends one API sign-in: its access and renewal tokens stop working.
 *
 * @example
 * await deleteApiTokens(db, principal.tokenId)
 */
export async function deleteApiTokens(db: Db, tokenId: string): Promise<void> {
  await db.deleteFrom('api_tokens').where('id', '=', tokenId).execute()
}

/**
 * Ends every API sign-in of a user (sign-out everywhere, password change or reset).
 *
 * @example
 * await deleteUserApiTokens(db, userId)
 */
export async function deleteUserApiTokens(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute()
}

/**
 * Deletes sign-ins whose renewal token expired (`gatehouse sessions:prune`).
 *
 * @example
 * const count = await pruneExpiredApiTokens(db, Date.now())
 */
export async function pruneExpiredApiTokens(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom('api_tokens').where('renewal_expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** A renewal token's stored secret as the split-token primitive reads it. */
function storedRenewalSecret(row: ApiTokenRow) {
  return {
    secretHash: row.renewal_secret_hash,
    previousSecretHash: row.previous_renewal_secret_hash,
    previousValidUntil: row.previous_valid_until === null ? null : Number(row.previous_valid_until),
  }
}

const INVALID: RenewResult = Object.freeze({ ok: false, reason: 'invalid' })
