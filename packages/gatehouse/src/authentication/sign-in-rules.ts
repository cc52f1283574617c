import type { Account, User } from '../models.ts'

/** An extension's refusal of a sign-in whose credentials were right (`email_unconfirmed`, `second_factor_required`…). */
export interface SignInHold {
  /** The extension that holds the sign-in. */
  readonly by: string
  readonly reason: string
}

/**
 * A rule an extension adds to every sign-in, after the credentials and before the session:
 * a hold, or null to let the user in. Framework-free, so it applies to core callers too.
 */
export type SignInCheck = (user: User, account: Account) => Promise<SignInHold | null>

/** A use case refused by a rate limit (the same limits as the forms): wait before trying again. */
export interface RateLimited {
  readonly ok: false
  readonly reason: 'rate_limited'
  readonly retryAfterSeconds: number
}

/** Who asked for a use case, as far as its caller knows: what a rule sets off is rate-limited per client address too. */
export interface UseCaseCaller {
  /** The client's address (a framework adapter knows it; a job or a CLI does not). */
  readonly clientAddress?: string | null
}

/**
 * What an extension's hold sets off when it refuses a sign-in by email and password (say,
 * a fresh confirmation link): null when done, or the rate limit that refused it.
 */
export type SignInHeldFollowUp = (user: User, caller: UseCaseCaller) => Promise<RateLimited | null>

/** One extension's part in every sign-in: its check, and what its hold sets off. */
export interface SignInRule {
  readonly check: SignInCheck
  readonly held?: SignInHeldFollowUp
}

/**
 * The first hold of the rules, in extension order (`releasedBy`'s own hold skipped), and the rule that held.
 *
 * @example
 * const held = await firstHold(rules, user, account)
 * if (held) return { ok: false, reason: 'held', hold: held.hold }
 */
export async function firstHold(
  rules: readonly SignInRule[],
  user: User,
  account: Account,
  releasedBy: string | null = null,
): Promise<{ hold: SignInHold; rule: SignInRule } | null> {
  for (const rule of rules) {
    const hold = await rule.check(user, account)
    if (hold && hold.by !== releasedBy) return { hold, rule }
  }
  return null
}
