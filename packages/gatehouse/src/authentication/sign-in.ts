import type { CoreContext } from '../context.ts'
import type { Account, User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import { createSession, invalidateSession } from '../sessions/sessions.ts'
import { authenticateUser } from './authenticate-user.ts'
import type { AuthenticationResult } from './authenticate-user.ts'
import { firstHold } from './sign-in-rules.ts'
import type { RateLimited, SignInHold, SignInRule, UseCaseCaller } from './sign-in-rules.ts'

export type { RateLimited, SignInCheck, SignInHold, SignInRule, UseCaseCaller } from './sign-in-rules.ts'

/** What a sign-in starts by default: a server-side session and its token. */
export interface StartedSession {
  readonly token: string
  readonly session: Session
}

/**
 * The named steps of a sign-in a caller hooks (the web layer runs its extension callbacks here).
 * `Started` is what `startSession` starts: a session by default, or another credential (the
 * API tokens of an extension) when the caller gives its own `startSession`.
 */
export interface SignInSteps<Answer, Started = StartedSession> extends UseCaseCaller {
  /** After the credentials were checked (right or wrong), before any check: an answer ends the sign-in. */
  readonly afterCredentials?: (result: AuthenticationResult) => Promise<Answer | undefined>
  /** Starts the session instead of a plain `createSession` (a browser also ends its old one and gets a cookie). */
  readonly startSession?: (user: User) => Promise<Started>
}

export type SignInResult<Answer = never, Started = StartedSession> =
  | ({ readonly ok: true; readonly user: User; readonly account: Account } & Started)
  | { readonly ok: false; readonly reason: 'invalid_credentials' }
  | { readonly ok: false; readonly reason: 'held'; readonly hold: SignInHold }
  /** Held, and what the hold sets off (a fresh confirmation link) was refused by its rate limit. */
  | RateLimited
  | { readonly ok: false; readonly reason: 'answered'; readonly answer: Answer }

/**
 * Signs a user in: checks the email and password, runs every switched-on extension's sign-in
 * check (an extension may hold, say, users with an unconfirmed email, and mail them a fresh
 * link, rate-limited per `steps.clientAddress` and email), starts a session and emits
 * `sign_in.succeeded` (so the audit log records it, whoever the caller is). Use it from jobs,
 * CLIs and other frameworks instead of `authenticateUser` + `createSession`, which skip the checks.
 *
 * @example
 * const result = await core.signIn({ email: 'ada@example.com', password: 'correct horse battery' })
 * if (result.ok) sendCookie(result.token)
 * else if (result.reason === 'held') explain(result.hold.reason) // e.g. 'email_unconfirmed'
 */
export async function signIn<Answer = never, Started extends object = StartedSession>(
  ctx: CoreContext,
  rules: readonly SignInRule[],
  input: { email?: unknown; password?: unknown },
  steps: SignInSteps<Answer, Started> = {},
): Promise<SignInResult<Answer, Started>> {
  const result = await authenticateUser(ctx, input)
  const answer = await steps.afterCredentials?.(result)
  if (answer !== undefined) return { ok: false, reason: 'answered', answer }
  if (!result.ok) return result
  const held = await firstHold(rules, result.user, result.account)
  if (held) return (await held.rule.held?.(result.user, { clientAddress: steps.clientAddress ?? null })) ?? { ok: false, reason: 'held', hold: held.hold }
  const started = await (steps.startSession ?? (defaultStart(ctx) as (user: User) => Promise<Started>))(result.user)
  await ctx.events.emit('sign_in.succeeded', { userId: result.user.id, accountId: result.user.accountId }, ctx.origin)
  return { ...started, ok: true, user: result.user, account: result.account }
}

/** A plain server-side session: what a sign-in starts when its caller gives no `startSession`. */
export function defaultStart(ctx: CoreContext): (user: User) => Promise<StartedSession> {
  return (user) => createSession(ctx, user)
}

export type ResumeSignInResult =
  | { readonly ok: true; readonly user: User; readonly account: Account; readonly token: string; readonly session: Session }
  | { readonly ok: false; readonly reason: 'unknown_user' }
  | { readonly ok: false; readonly reason: 'held'; readonly hold: SignInHold }

/**
 * Finishes a sign-in that an extension held after the password (a second factor) once that
 * extension's own step is satisfied: every other extension's check runs again (so no step
 * skips another), then the session starts and `sign_in.succeeded` is emitted, as in `signIn`.
 * `releasedBy` names the extension whose hold is now satisfied.
 *
 * @example
 * const result = await core.resumeSignIn(userId, 'second_factor', { startSession })
 */
export async function resumeSignIn(
  ctx: CoreContext,
  rules: readonly SignInRule[],
  findPrincipal: (userId: number) => Promise<{ user: User; account: Account } | null>,
  userId: number,
  releasedBy: string,
  steps: Pick<SignInSteps<never>, 'startSession'> = {},
): Promise<ResumeSignInResult> {
  const principal = await findPrincipal(userId)
  if (!principal) return { ok: false, reason: 'unknown_user' }
  const { user, account } = principal
  const held = await firstHold(rules, user, account, releasedBy)
  if (held) return { ok: false, reason: 'held', hold: held.hold }
  const { token, session } = await (steps.startSession ?? ((u) => createSession(ctx, u)))(user)
  await ctx.events.emit('sign_in.succeeded', { userId: user.id, accountId: user.accountId }, ctx.origin)
  return { ok: true, user, account, token, session }
}

/**
 * Signs a user out: ends the session server-side and emits `sign_out`.
 *
 * @example
 * await core.signOut(session.id, user)
 */
export async function signOut(ctx: CoreContext, sessionId: string | null, user: Pick<User, 'id' | 'accountId'> | null): Promise<void> {
  if (sessionId) await invalidateSession(ctx, sessionId)
  if (user) await ctx.events.emit('sign_out', { userId: user.id, accountId: user.accountId }, ctx.origin)
}
