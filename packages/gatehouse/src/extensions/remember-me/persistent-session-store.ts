import type { Kysely } from 'kysely'
import type { Account, RotatingSecret, User } from '../api.ts'
import type { PersistentSessionRow, RememberMeDatabase } from './tables.ts'

type Db = Kysely<RememberMeDatabase>

/** A stored remember-me token: hashes of its secrets only. */
export type { PersistentSessionRow }

/** A stored token with the user and account it signs in. */
export interface PersistentSessionWithPrincipal {
  readonly row: PersistentSessionRow
  readonly user: User
  readonly account: Account
}

/**
 * The `persistent_sessions` table. All state lives in the database, so every node sees an
 * issue, a rotation or a revocation at once.
 *
 * @example
 * await insertPersistentSession(db, row)
 */
export async function insertPersistentSession(db: Db, row: PersistentSessionRow): Promise<void> {
  await db.insertInto('persistent_sessions').values(row).execute()
}

/**
 * One token by id, with its user and account, in one round trip; null when the id is unknown
 * (never issued, revoked, or its user deleted: the rows cascade).
 *
 * @example
 * const found = await findPersistentSession(db, parts.id)
 */
export async function findPersistentSession(db: Db, id: string): Promise<PersistentSessionWithPrincipal | null> {
  const found = await db
    .selectFrom('persistent_sessions as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .selectAll('p')
    .select([
      'u.account_id as user_account_id',
      'u.email as user_email',
      'u.role as user_role',
      'u.inserted_at as user_inserted_at',
      'u.updated_at as user_updated_at',
      'a.name as account_name',
      'a.inserted_at as account_inserted_at',
      'a.updated_at as account_updated_at',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst()
  if (!found) return null
  return {
    row: {
      id: found.id,
      secret_hash: found.secret_hash,
      previous_secret_hash: found.previous_secret_hash,
      previous_valid_until: found.previous_valid_until,
      user_id: found.user_id,
      created_at: found.created_at,
      expires_at: found.expires_at,
    },
    user: { id: found.user_id, accountId: found.user_account_id, email: found.user_email, role: found.user_role, insertedAt: found.user_inserted_at, updatedAt: found.user_updated_at },
    account: { id: found.user_account_id, name: found.account_name, insertedAt: found.account_inserted_at, updatedAt: found.account_updated_at },
  }
}

/**
 * Replaces the secret only if it is still `expectedSecretHash` (compare-and-set): of parallel
 * rotations exactly one wins. Returns whether this one did (false also when the row is gone).
 *
 * @example
 * const won = await rotatePersistentSecret(db, row.id, row.secret_hash, { secretHash, previousSecretHash: row.secret_hash, previousValidUntil: now + graceMs })
 */
export async function rotatePersistentSecret(
  db: Db,
  id: string,
  expectedSecretHash: string,
  rotation: RotatingSecret,
): Promise<boolean> {
  const result = await db
    .updateTable('persistent_sessions')
    .set({ secret_hash: rotation.secretHash, previous_secret_hash: rotation.previousSecretHash, previous_valid_until: rotation.previousValidUntil })
    .where('id', '=', id)
    .where('secret_hash', '=', expectedSecretHash)
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}

/** Revokes one token (sign-out, expiry). */
export async function deletePersistentSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('persistent_sessions').where('id', '=', id).execute()
}

/** Revokes every token of a user (password change, sessions revoked, suspected theft). */
export async function deleteUserPersistentSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('persistent_sessions').where('user_id', '=', userId).execute()
}

/** Tidies a user's expired tokens (run when a new one is issued, so rows never pile up). */
export async function deleteExpiredUserPersistentSessions(db: Db, userId: number, now: number): Promise<void> {
  await db.deleteFrom('persistent_sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute()
}
