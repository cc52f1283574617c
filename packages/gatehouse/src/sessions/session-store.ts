import type { SessionRow } from '../db/schema.ts'
import type { Account, User } from '../models.ts'

/** A stored session with the user and account it signs in, fetched together. */
export interface SessionWithPrincipal {
  readonly session: SessionRow
  readonly user: User
  readonly account: Account
}

/** The new secret written by a rotation. */
export interface SecretRotation {
  readonly secretHash: string
  readonly previousSecretHash: string | null
  readonly previousValidUntil: number | null
  readonly refreshedAt: number
}

/**
 * Where sessions live. The SQL store is the default; others (Redis) implement the same
 * interface and pass the same conformance tests.
 */
export interface SessionStore {
  insert(session: SessionRow): Promise<void>
  /** One lookup: the session by id, joined to its user and account. */
  findWithPrincipal(id: string): Promise<SessionWithPrincipal | null>
  /**
   * Writes a rotation only if the stored secret is still `expectedSecretHash` (compare-and-set),
   * so two concurrent rotations of one session cannot both win. True when this call won.
   */
  rotateSecret(id: string, expectedSecretHash: string, rotation: SecretRotation): Promise<boolean>
  delete(id: string): Promise<void>
  /** Every stored session of a user (expired ones the store has not deleted yet included), in no order. */
  listForUser(userId: number): Promise<SessionRow[]>
  /** Deletes every session of a user, except the one with id `exceptId`. */
  deleteForUser(userId: number, exceptId?: string): Promise<void>
  /** Deletes sessions past their absolute or idle end; returns how many. */
  deleteExpired(now: number, idleTimeoutMs: number): Promise<number>
}
