import { defaultStart } from '../authentication/sign-in.ts'
import type { SignInCheck, SignInHold, StartedSession } from '../authentication/sign-in.ts'
import type { CoreContext } from '../context.ts'
import type { Account, User } from '../models.ts'
import type { FieldErrors } from '../validation/field-errors.ts'
import { registerAccount } from './register-account.ts'
import type { RegistrationInput, RegistrationResult } from './register-account.ts'

/** The named steps of a registration a caller hooks (the web layer runs its extension callbacks here). */
export interface RegistrationSteps<Answer, Started = StartedSession> {
  /**
   * After the account was created (or refused): an `answer` ends the registration there; a
   * `replace` result is reported instead (an extension hiding that an email is taken).
   */
  readonly afterRegistration?: (result: RegistrationResult) => Promise<{ answer: Answer } | { replace: RegistrationResult } | undefined>
  /** Starts the session instead of a plain `createSession` (a browser also gets a cookie; an API issues tokens). */
  readonly startSession?: (user: User) => Promise<Started>
}

export type RegisterAndSignInResult<Answer = never, Started = StartedSession> =
  /** Registered; signed in unless an extension's sign-in rule holds the new user (`hold`, and no session). */
  | { readonly ok: true; readonly user: User; readonly account: Account; readonly started: Started | null; readonly hold: SignInHold | null }
  | { readonly ok: false; readonly errors: FieldErrors }
  | { readonly ok: false; readonly reason: 'answered'; readonly answer: Answer }

/**
 * Registers an account with its owner and signs them in, unless an extension's sign-in rule
 * holds them (say, an unconfirmed email: the account exists, the session waits for the confirmed
 * address). The same for the web layer and for core callers.
 *
 * @example
 * const result = await core.registerAndSignIn({ email, password, password_confirmation, account_name })
 * if (result.ok && result.started) sendCookie(result.started.token)
 */
export async function registerAndSignIn<Answer = never, Started = StartedSession>(
  ctx: CoreContext,
  checks: readonly SignInCheck[],
  input: RegistrationInput,
  steps: RegistrationSteps<Answer, Started> = {},
): Promise<RegisterAndSignInResult<Answer, Started>> {
  const registered = await registerAccount(ctx, input)
  const after = await steps.afterRegistration?.(registered)
  if (after && 'answer' in after) return { ok: false, reason: 'answered', answer: after.answer }
  const result = after?.replace ?? registered
  if (!result.ok) return result
  for (const check of checks) {
    const hold = await check(result.user, result.account)
    if (hold) return { ok: true, user: result.user, account: result.account, started: null, hold }
  }
  const started = await (steps.startSession ?? (defaultStart(ctx) as (user: User) => Promise<Started>))(result.user)
  return { ok: true, user: result.user, account: result.account, started, hold: null }
}
