import { constantTimeEqual, hashTokenSecret, issueSplitToken, parseSplitToken } from '../api.ts'
import type { GatehouseRequest } from '../api.ts'
import type { SecurityPageKit } from './tables.ts'

/** What a challenge was issued for: adding a passkey, or signing in with one. */
export type ChallengePurpose = 'register' | 'sign_in'

/** How long a WebAuthn ceremony may take between its options and its answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000
const COOKIE = 'gatehouse_passkey'

/** A challenge this browser was given, spent: whoever claimed it is the only one. */
export interface ClaimedChallenge {
  readonly userId: number | null
  readonly challengeHash: string
  readonly passkeyName: string | null
}

/**
 * Remembers the challenge of a WebAuthn ceremony: a row (the challenge's and the cookie
 * secret's SHA-256 only) and an HttpOnly cookie, both for 5 minutes, so that only this browser
 * can answer it. A ceremony this browser had started before is dropped.
 *
 * @example
 * await issueChallenge(kit, req, 'sign_in', options.challenge)
 */
export async function issueChallenge(kit: SecurityPageKit, req: GatehouseRequest, purpose: ChallengePurpose, challenge: string, owner: { userId: number; passkeyName: string } | null = null): Promise<void> {
  await dropChallenge(kit, req)
  const issued = issueSplitToken()
  await kit.db
    .insertInto('security_passkey_challenges')
    .values({
      id: issued.id,
      secret_hash: issued.secretHash,
      purpose,
      user_id: owner?.userId ?? null,
      challenge_hash: hashTokenSecret(challenge),
      passkey_name: owner?.passkeyName ?? null,
      expires_at: kit.clock.now() + CHALLENGE_TTL_MS,
    })
    .execute()
  kit.cookies.set(req, COOKIE, issued.token, { maxAgeSeconds: CHALLENGE_TTL_MS / 1000 })
}

/**
 * Spends this browser's challenge for `purpose` (deleted whatever the answer turns out to be,
 * so each challenge is answered at most once); null when there is none, it expired, was for
 * something else, or another request spent it first.
 */
export async function claimChallenge(kit: SecurityPageKit, req: GatehouseRequest, purpose: ChallengePurpose): Promise<ClaimedChallenge | null> {
  const parts = parseSplitToken(kit.cookies.get(req, COOKIE) ?? '')
  if (kit.cookies.has(req, COOKIE)) kit.cookies.delete(req, COOKIE)
  if (!parts) return null
  const row = await kit.db.selectFrom('security_passkey_challenges').selectAll().where('id', '=', parts.id).executeTakeFirst()
  if (!row || !constantTimeEqual(row.secret_hash, hashTokenSecret(parts.secret))) return null
  const deleted = await kit.db.deleteFrom('security_passkey_challenges').where('id', '=', row.id).executeTakeFirst()
  if (Number(deleted.numDeletedRows) !== 1 || row.purpose !== purpose || kit.clock.now() >= Number(row.expires_at)) return null
  return { userId: row.user_id === null ? null : Number(row.user_id), challengeHash: row.challenge_hash, passkeyName: row.passkey_name }
}

/** Whether `challenge` (as the browser's answer quotes it) is the claimed one. */
export function isClaimedChallenge(claimed: ClaimedChallenge, challenge: string): boolean {
  return constantTimeEqual(claimed.challengeHash, hashTokenSecret(challenge))
}

async function dropChallenge(kit: SecurityPageKit, req: GatehouseRequest): Promise<void> {
  const parts = parseSplitToken(kit.cookies.get(req, COOKIE) ?? '')
  if (parts) await kit.db.deleteFrom('security_passkey_challenges').where('id', '=', parts.id).execute()
}
