import { defaultStart } from '../authentication/sign-in.ts'
import type { StartedSession } from '../authentication/sign-in.ts'
import { firstHold } from '../authentication/sign-in-rules.ts'
import type { SignInHold, SignInRule, UseCaseCaller } from '../authentication/sign-in-rules.ts'
import type { CoreContext } from '../context.ts'
import type { Account, User } from '../models.ts'
import type { FieldErrors } from '../validation/field-errors.ts'
import { registerAccount } from './register-account.ts'
import type { RegistrationInput, RegistrationResult } from './register-account.ts'

/**
 * An extension's rule in every registration, whoever the caller: it runs once the account was
 * created or refused, and may do work (mail a confirmation link), `replace` the result (drop
 * an error it hides) or `hold` a refusal it answers as a held registration, so that the caller
 * cannot tell the two apart (an email that already has an account).
 */
export type RegistrationRule = (
  result: RegistrationResult,
  input: RegistrationInput,
  caller: UseCaseCaller,
) => Promise<{ readonly replace: RegistrationResult } | { readonly hold: SignInHold } | undefined>

/** What the core runs in every registration: the extensions' registration rules, then their sign-in checks. */
export interface RegistrationRules {
  readonly registration: readonly RegistrationRule[]
  readonly signIn: readonly SignInRule[]
}

/** The named steps of a registration a caller hooks (the web layer runs its extension callbacks here). */
export interface RegistrationSteps<Answer, Started = StartedSession> extends UseCaseCaller {
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
  /** Refused, but to be answered exactly like a held registration (nothing was created; see `RegistrationRule`). */
  | { readonly ok: false; readonly reason: 'held'; readonly hold: SignInHold }
  | { readonly ok: false; readonly reason: 'answered'; readonly answer: Answer }

/**
 * Registers an account with its owner and signs them in, unless an extension's sign-in rule
 * holds them (say, an unconfirmed email: the account exists, a confirmation link is mailed and
 * the session waits for the confirmed address). The same for the web layer and for core callers.
 *
 * @example
 * const result = await core.registerAndSignIn({ email, password, password_confirmation, account_name })
 * if (result.ok && result.started) sendCookie(result.started.token)
 */
export async function registerAndSignIn<Answer = never, Started = StartedSession>(
  ctx: CoreContext,
  rules: RegistrationRules,
  input: RegistrationInput,
  steps: RegistrationSteps<Answer, Started> = {},
): Promise<RegisterAndSignInResult<Answer, Started>> {
  let registered = await registerAccount(ctx, input)
  for (const rule of rules.registration) {
    const outcome = await rule(registered, input, { clientAddress: steps.clientAddress ?? null })
    if (outcome && 'hold' in outcome) return { ok: false, reason: 'held', hold: outcome.hold }
    if (outcome) registered = outcome.replace
  }
  const after = await steps.afterRegistration?.(registered)
  if (after && 'answer' in after) return { ok: false, reason: 'answered', answer: after.answer }
  const result = after?.replace ?? registered
  if (!result.ok) return result
  const held = await firstHold(rules.signIn, result.user, result.account)
  if (held) return { ok: true, user: result.user, account: result.account, started: null, hold: held.hold }
  const started = await (steps.startSession ?? (defaultStart(ctx) as (user: User) => Promise<Started>))(result.user)
  return { ok: true, user: result.user, account: result.account, started, hold: null }
}
