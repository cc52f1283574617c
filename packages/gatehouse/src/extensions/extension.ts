import type { Child } from 'hono/jsx'
import type { AuthenticationResult } from '../authentication/authenticate-user.ts'
import type { Clock } from '../clock.ts'
import type { DialectName } from '../db/database.ts'
import type { EventBus, GatehouseEvents } from '../events.ts'
import type { AuditOrigin } from '../audit/audit-origin.ts'
import type { PasswordCheck } from '../passwords/password-hasher.ts'
import type { ReplacePasswordResult } from '../passwords/replace-password.ts'
import type { Messages } from '../messages.ts'
import type { Account, User } from '../models.ts'
import type { RegistrationInput, RegistrationResult } from '../registration/register-account.ts'
import type { RegisterAndSignInResult } from '../registration/register-and-sign-in.ts'
import type { SignInResult } from '../authentication/sign-in.ts'
import type { RateLimited, SignInHold } from '../authentication/sign-in-rules.ts'
import type { ExtensionMailMessage, KitMail, KitTokens } from './kit-services.ts'
import type { UpdateRegistrationResult } from '../registration/update-registration.ts'
import type { Session } from '../sessions/sessions.ts'
import type { SecretSealer } from '../tokens/sealed-secrets.ts'
import type { Flash } from '../web/flash.ts'
import type { GatehouseRequest } from '../web/gatehouse-request.ts'
import type { ExtensionManifest } from './manifest.ts'
import type { Refused, Succeeded } from '../results.ts'
import type { CoreTableName, ExtensionDatabase, ExtensionDb } from './table-scope.ts'

type Fields = Record<string, string>
/** A callback answers with a Response to take over the reply, or nothing to let the flow go on. */
type Reply = Promise<Response | void>

/**
 * Named steps of Gatehouse's own actions where extensions hook in (Pow's controller
 * callbacks): never URL strings. Each runs after the action's work ("process") and before its
 * default reply ("respond"), in the order extensions are listed; the first Response wins.
 */
export interface ActionCallbacks {
  /** `POST /session`: credentials were checked; the session is not started yet. */
  'session.create': (req: GatehouseRequest, result: AuthenticationResult, fields: Fields) => Reply
  /**
   * `POST /session`: the sign-in went through and its session cookie is set (no callback of
   * `session.create` answered). Cannot change the reply; remember-me issues its token here.
   */
  'session.created': (req: GatehouseRequest, user: User, fields: Fields) => Promise<void>
  /**
   * A browser session started, however it came about (sign-in, registration, an accepted
   * invitation, a session restored by remember-me); its cookie is set. Cannot change the reply:
   * a place to note what the request says about the browser (user agent, client address).
   */
  'session.started': (req: GatehouseRequest, user: Pick<User, 'id' | 'accountId'>, session: Session) => Promise<void>
  /**
   * `POST /session`: the credentials were right but an extension's rule held the sign-in (its
   * `rules.signIn`; what the hold sets off has run). The extension that holds answers the
   * browser (email confirmation: back to sign-in with its message; a second factor: its step).
   * None answering: the same 422 as wrong credentials.
   */
  'session.held': (req: GatehouseRequest, hold: SignInHold, user: User, fields: Fields) => Reply
  /** `DELETE /session`: the session is about to end. */
  'session.delete': (req: GatehouseRequest) => Reply
  /**
   * `POST /registration`: registerAccount ran; nobody is signed in yet. May answer, or return a
   * replacement result for the default reply (email confirmation hides a taken email this way).
   */
  'registration.create': (req: GatehouseRequest, result: RegistrationResult, fields: Fields) => Promise<Response | RegistrationResult | void>
  /**
   * `POST /registration`: registered (or refused in a way a rule answers as registered), but a
   * rule holds the new user. None answering: 302 to `/session/new`.
   */
  'registration.held': (req: GatehouseRequest, hold: SignInHold, fields: Fields) => Reply
  /** `PATCH /registration` before updateRegistration: may answer, or return rewritten fields. */
  'registration.update:before': (req: GatehouseRequest, fields: Fields, user: User) => Promise<Response | Fields | void>
  /** `PATCH /registration`: updateRegistration ran (on success the rotated session cookie is already set). */
  'registration.update': (req: GatehouseRequest, result: UpdateRegistrationResult, fields: Fields) => Reply
}

/** What an extension adds to the pages it does not own. */
export interface ExtensionSlots {
  /** Extra fields inside the sign-in form (remember-me's checkbox). */
  readonly signInFields?: Child
  /** Links under the sign-in form (“Forgot your password?”). */
  readonly signInLinks?: Child
  /**
   * Another way to sign in, shown under the sign-in form (a passkey button): a form of its
   * own, so it receives the page's CSRF token and the safe `request_path` to carry.
   */
  readonly signInMethods?: (form: { readonly csrfToken: string; readonly requestPath: string | null }) => Child
  /** Same-origin scripts the sign-in page loads for `signInMethods`; its policy allows exactly these. */
  readonly signInScripts?: readonly string[]
  /** Navigation links for a signed-in user (“Account”). */
  readonly navLinks?: (user: User) => Child
  /** Content inside the edit-registration form, under the email field (a pending new address). */
  readonly editRegistrationFields?: (user: User) => Child
  /** Sections under the account page (`GET /account`) of the extension that has one. */
  readonly accountPageSections?: (req: GatehouseRequest, user: User, account: Account) => Child | Promise<Child>
}

/**
 * One route of an extension: the methods it means (a form's POST with `_method=patch|delete`
 * reaches a PATCH or DELETE route), a path with `:name` parameters (in `req.params`), and a
 * request function. Gatehouse mounts it behind its middleware (user, CSRF, form, flash).
 *
 * @example
 * const route: ExtensionRoute = { method: 'GET', path: '/notes/:id', handle: (req) => kit.json(req, { id: req.params.id }) }
 */
export interface ExtensionRoute {
  /** `GET`, `POST`, `PATCH`…, several, or `*` for every method (a route that only adds headers, then passes on). */
  readonly method: string | readonly string[]
  readonly path: string
  /**
   * Answers the request. `next` hands it on to the next route of the path (the app's own, in
   * the end the 404 answer) and resolves to that reply: what a route that only adds headers to
   * a whole prefix (CORS) calls, after setting them with `kit.header`.
   */
  handle(req: GatehouseRequest, next: () => Promise<Response>): Response | Promise<Response>
}

/** What an extension's `setup` returns. */
export interface ExtensionParts {
  readonly routes?: readonly ExtensionRoute[]
  readonly callbacks?: Partial<ActionCallbacks>
  /**
   * Called when a request has no valid session: may vouch for a user again (remember-me);
   * Gatehouse then starts a new session for them on this request.
   */
  readonly restoreSession?: (req: GatehouseRequest) => Promise<{ user: User; account: Account } | null>
  readonly slots?: ExtensionSlots
  /**
   * Path prefixes (`/api/v1`) whose requests authenticate with a header, never the session
   * cookie: Gatehouse's middleware neither loads a browser session, checks CSRF, reads the body
   * nor carries flash there (a browser cannot be made to send an `Authorization` header, so
   * there is nothing to forge); the extension's routes answer them entirely.
   */
  readonly headerAuthenticatedPaths?: readonly string[]
}

export type { ExtensionMailMessage, RateLimited }

/**
 * The extension kit: everything an extension may use, and nothing more (no core object).
 * Extensions import only `extensions/api.ts` (the `/extension` entry) and receive this in
 * `setup`. `Tables` and `Events` are the extension's own, from its manifest.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no tables or events by default
export interface ExtensionApi<Tables = {}, Events = {}, Reads extends CoreTableName = never> {
  /**
   * The extension's own tables and the core tables its manifest `reads`, and no others: a
   * query naming another table throws `ExtensionTableError`.
   */
  readonly db: ExtensionDb<Tables, Reads>
  readonly dialect: DialectName
  readonly clock: Clock
  /** Argon2id hashing on Gatehouse's hashing queue, and the one way to replace a forgotten password. */
  readonly passwords: {
    hash(password: string): Promise<string>
    /** `owner` (the account's email) makes one account's checks take one hashing slot at a time. */
    verify(stored: string, password: string, owner?: string): Promise<PasswordCheck>
    /**
     * Sets a new password for the user `claim` returns inside the transaction (e.g. by spending
     * a token), ends every session of that user and emits `sessions.revoked` and `password.reset`
     * from `origin` (`kit.auditOrigin(req)`).
     */
    replace(fields: Readonly<Record<string, string>>, claim: (trx: ExtensionDb<Tables, Reads>) => Promise<number | null>, origin: AuditOrigin): Promise<ReplacePasswordResult>
  }
  readonly sessions: {
    /** Ends every session of a user (in any session store) and emits `sessions.revoked` from `origin`. */
    revokeUser(userId: number, origin: AuditOrigin): Promise<void>
    /** The user's live sessions, the most recently active first (`refreshedAt` moves at each rotation). */
    list(userId: number): Promise<Session[]>
    /** The session this request is signed in with, or null. */
    current(req: GatehouseRequest): Session | null
    /** Ends one session if it is the user's (at once, on every node); false when it is not theirs or unknown. */
    revoke(userId: number, sessionId: string): Promise<boolean>
    /** Ends every session of the user but `keepId` (no event: the caller emits its own). */
    revokeOthers(userId: number, keepId: string): Promise<void>
  }
  /** The client's address as Gatehouse sees it (the socket peer, or what trusted proxies forwarded). */
  clientAddress(req: GatehouseRequest): string
  /**
   * Where this request comes from, for the audit log: pass it with every event the extension
   * emits (`kit.events.emit(name, payload, kit.auditOrigin(req))`). Outside a request, `UNKNOWN_ORIGIN`.
   */
  auditOrigin(req: GatehouseRequest): AuditOrigin
  /** Secrets to read back (sealed with AES-256-GCM) or only to compare (keyed HMAC), under keys derived from Gatehouse's secret per purpose. */
  readonly secrets: SecretSealer
  /**
   * Finishes on this browser a sign-in the extension `releasedBy` held (its `rules.signIn`)
   * once its own step is satisfied: the other extensions' checks, a new session, the
   * `sign_in.succeeded` event, then the `session.created` callbacks with the fields of the
   * original sign-in (remember-me's checkbox). A refusal starts nothing.
   *
   * @example
   * const result = await kit.resumeSignIn(req, pending.userId, 'second_factor', { persistent_session: 'true' })
   */
  resumeSignIn(req: GatehouseRequest, userId: number, releasedBy: string, fields: Fields): Promise<Succeeded<{ user: User }> | Refused<string>>
  readonly messages: Messages
  /** Gatehouse's event bus, typed with the extension's own events too; `emit` takes the origin (`auditOrigin(req)`). */
  readonly events: EventBus<GatehouseEvents & Events>
  /**
   * Renders a page in the layout. `scripts`: same-origin script paths the page loads (the
   * extension serves them); the page's Content-Security-Policy allows exactly those.
   */
  render(req: GatehouseRequest, options: { title: string; body: (csrfToken: string) => Child; status?: number; flash?: Flash; scripts?: readonly string[] }): Response | Promise<Response>
  renderError(req: GatehouseRequest, status: number, message: string): Response | Promise<Response>
  flash(req: GatehouseRequest, flash: { info?: string | null; error?: string | null }): void
  /** The extension's own cookies, with Gatehouse's security attributes (and `__Host-` on HTTPS). */
  readonly cookies: {
    get(req: GatehouseRequest, name: string): string | undefined
    /** True when the request carries the cookie at all, even with a value `get` cannot read. */
    has(req: GatehouseRequest, name: string): boolean
    set(req: GatehouseRequest, name: string, value: string, options?: { maxAgeSeconds?: number }): void
    delete(req: GatehouseRequest, name: string): void
  }
  /** Signs the browser in as `user` (new session, new CSRF secret). */
  startSession(req: GatehouseRequest, user: Pick<User, 'id' | 'accountId'>): Promise<void>
  /** Signs the browser out. */
  endSession(req: GatehouseRequest): Promise<void>
  /**
   * What other parts put on an account page: Gatehouse's own sections (the owners' recent
   * activity from the audit log) and every extension's `accountPageSections` slot, in order.
   * The extension that renders the account page shows them under its own content.
   */
  accountPageSections(req: GatehouseRequest, user: User, account: Account): Promise<Child[]>
  /** The safe `request_path` of this request, or null. */
  requestPath(req: GatehouseRequest): string | null
  /**
   * Counts one request of a rate-limited action (`'reset_password.create'`…, named in
   * `rateLimits.policies`) per client address and per the email or token given. Answers the 429
   * response to send (with `Retry-After` and the wait on the page), or null to go on.
   *
   * @example
   * const limited = await api.rateLimit(req, 'reset_password.create', { email })
   * if (limited) return limited
   */
  rateLimit(req: GatehouseRequest, action: string, keys?: { email?: string | null; token?: string | null }): Promise<Response | null>
  /**
   * Clears the failed-password back-off of an account after its password was checked correctly
   * (a check counted with `rateLimit(req, 'password.check', { email })`).
   *
   * @example
   * if (result.ok) await api.forgetPasswordFailures(user.email)
   */
  forgetPasswordFailures(email: string): Promise<void>
  redirectToSignIn(req: GatehouseRequest): Response
  redirectSignedIn(req: GatehouseRequest): Response
  /**
   * The reply builders: each carries what the kit already put on this request's reply (cookies,
   * headers), which a `new Response(…)` built by hand would drop.
   *
   * @example
   * kit.flash(req, { info: 'Saved.' })
   * return kit.redirect(req, '/account')
   */
  redirect(req: GatehouseRequest, location: string, status?: 301 | 302 | 303 | 307 | 308): Response
  /** A JSON reply (`application/json`). */
  json(req: GatehouseRequest, data: unknown, status?: number): Response
  /** A reply with this body (a script, a file), status and headers. */
  body(req: GatehouseRequest, body: string | Uint8Array | null, init?: { status?: number; headers?: Record<string, string> }): Response
  /** Gatehouse's 404 page (or the app's not-found answer). */
  notFound(req: GatehouseRequest): Response | Promise<Response>
  /** Sets a header on this request's reply, whichever builder makes it (`Referrer-Policy` on a page with a token in its URL). */
  header(req: GatehouseRequest, name: string, value: string): void
  /** Mail sent after the caller's transaction commits (the transactional outbox). */
  readonly mail: KitMail<ExtensionDatabase<Tables, Reads>>
  /**
   * Runs work after the response (e.g. looking up an email and mailing it), so the response
   * takes the same time whatever the work finds. Failures are logged; `gatehouse.idle()`
   * waits for pending work (tests, shutdown).
   */
  runInBackground(task: () => Promise<void>): void
  /**
   * Gatehouse's sign-in, registration and sign-out use cases for clients other than a browser
   * (an API): the same rate limits, extension rules (a held sign-in is reported, never
   * started), hashing and audit events as the forms, but `start` issues the credential instead
   * of a session cookie, and no web callback runs (they answer with pages).
   */
  readonly useCases: {
    /**
     * @example
     * const result = await kit.useCases.signIn(req, { email, password }, (user) => issueTokens(user))
     * if (result.ok) return kit.json(req, { data: result.tokens })
     */
    signIn<Started extends object>(req: GatehouseRequest, input: { email?: unknown; password?: unknown }, start: (user: User) => Promise<Started>): Promise<SignInResult<never, Started> | RateLimited>
    /**
     * @example
     * const result = await kit.useCases.registerAndSignIn(req, fields, (user) => issueTokens(user))
     */
    registerAndSignIn<Started>(req: GatehouseRequest, input: RegistrationInput, start: (user: User) => Promise<Started>): Promise<RegisterAndSignInResult<never, Started> | RateLimited>
    /** Emits `sign_out` for a credential the extension ended itself. */
    signOut(user: Pick<User, 'id' | 'accountId'>, origin: AuditOrigin): Promise<void>
  }
  /** Single-use mailed tokens bound to a user, a purpose and an address (hashed at rest). */
  readonly tokens: KitTokens<ExtensionDatabase<Tables, Reads>>
}

/**
 * A Gatehouse extension: a name and a setup function. Pass instances in
 * `createGatehouse({ extensions: [resetPassword(), rememberMe()] })`.
 *
 * @example
 * export function auditTrail(): GatehouseExtension {
 *   return { name: 'audit_trail', setup: (api) => ({ callbacks: { 'session.delete': async (req) => log(req.currentUser) } }) }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no tables or events by default
export interface GatehouseExtension<Tables = {}, Events = {}, Reads extends CoreTableName = never> extends ExtensionManifest<Tables, Events, Reads> {
  setup(api: ExtensionApi<Tables, Events, Reads>): ExtensionParts
}

/** Any extension, whatever its tables and events (what `createGatehouse({ extensions })` takes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each extension has its own tables and events
export type AnyGatehouseExtension = GatehouseExtension<any, any, any>
