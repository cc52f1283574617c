import type { Kysely, Migration } from 'kysely'
import type { AuditDetails } from '../audit/audit-entry.ts'
import type { RateLimited, SignInCheck, SignInHeldFollowUp, UseCaseCaller } from '../authentication/sign-in-rules.ts'
import type { RegistrationRule } from '../registration/register-and-sign-in.ts'
import type { KitMail, KitTokens } from './kit-services.ts'
import type { Clock } from '../clock.ts'
import type { CoreTableName, ExtensionDatabase, ExtensionDb } from './table-scope.ts'
import type { DialectName } from '../db/database.ts'
import type { RateLimitPolicy } from '../rate-limits/rate-limit-policies.ts'

/** How an event is written to the audit log and shown on the account page. */
export interface AuditedEvent<Payload> {
  /** How the account page names it (`Invitation sent`). */
  readonly label: string
  /**
   * The `event_type` column when it differs from the event's name: rows already written under
   * an older name keep being read the same way. Omitted: the event's name.
   */
  readonly type?: string
  /** Who and what: ids, roles and addresses only, never a password, token or mail body. */
  entry(event: Payload): { readonly accountId: number | null; readonly userId: number | null; readonly details: AuditDetails }
  /** A few words after the label on the account page (`ada@example.com as admin`). */
  describe?(details: AuditDetails): string
}

/** What a manifest says about each of its events: whether and how the audit log records it. */
export type EventDefinitions<Events> = { readonly [K in keyof Events]?: { readonly audit?: AuditedEvent<Events[K]> } }

/** A rate-limited action's default policy and the stem of its environment variables. */
export interface RateLimitDefinition {
  readonly policy: RateLimitPolicy
  /** `GATEHOUSE_RATE_LIMIT_<STEM>_PER_<IP|EMAIL|TOKEN>`. */
  readonly envStem: string
}

/** Who may call a route, as `gatehouse routes` prints it. */
export type RouteAccess = 'anyone' | 'anonymous' | 'signed in' | 'owner' | 'owner or admin' | 'link holder' | 'development only' | 'unknown'

/** One route an extension mounts, described for `gatehouse routes`. */
export interface RouteDescription {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  readonly path: string
  readonly name: string
  readonly access: RouteAccess
  /**
   * Registered for POST only so that HTML forms can send PATCH/PUT/DELETE with `_method`: not
   * an action of its own, so the table leaves it out (as `mix phx.routes` does).
   */
  readonly overrideCarrier?: true
}

/**
 * What an extension's rules work with: framework-free, its own tables typed. `db`, `clock`,
 * `tokens` and `mail` are the very ones of the kit `setup` receives, so a rule and a web part
 * can share their code.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no tables by default
export interface RulesKit<Tables = {}, Reads extends CoreTableName = never> {
  /** The tables the manifest owns and reads, and no others (see `ExtensionManifest.reads`). */
  readonly db: ExtensionDb<Tables, Reads>
  readonly clock: Clock
  /** Argon2id on Gatehouse's hashing queue (a refusal that must take as long as a registration hashes too). */
  readonly passwords: { hash(password: string): Promise<string> }
  readonly tokens: KitTokens<ExtensionDatabase<Tables, Reads>>
  readonly mail: KitMail<ExtensionDatabase<Tables, Reads>>
  /**
   * Counts one request of a rate-limited action (named in `rateLimits`) per the caller's client
   * address, when it gave one, and per email: null to go on, or the refusal to report.
   *
   * @example
   * const limited = await kit.limitAction('email_confirmation.resend', caller, { email: user.email })
   * if (limited) return limited
   */
  limitAction(action: string, caller: UseCaseCaller, keys?: { email?: string | null }): Promise<RateLimited | null>
}

/**
 * An extension's rules for Gatehouse's core use cases, run whoever the caller is (the web
 * layer, a JSON API, a job, another framework): the web layer only answers what they decided.
 */
export interface ExtensionRules {
  /** Runs after the credentials were right, before the session starts: a hold refuses the sign-in. */
  readonly signIn?: SignInCheck
  /**
   * What this extension's hold sets off when it refuses a sign-in by email and password (not a
   * registration, nor a sign-in resumed after another step): email confirmation mails a fresh link.
   */
  readonly signInHeld?: SignInHeldFollowUp
  /** Runs once a registration created the account or was refused (see `RegistrationRule`). */
  readonly registration?: RegistrationRule
}

/** Rows an extension deletes when they expire (`gatehouse sessions:prune` reports the count). */
export interface PruneStep {
  /** What one row is, then many: `['expired remember-me token', 'expired remember-me tokens']`. */
  readonly noun: readonly [string, string]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the extension's own tables
  prune(db: Kysely<any>, now: number): Promise<number>
}

/**
 * What an extension declares about itself, framework-free: read by the core (migrations,
 * audit log, rate limits, tenancy) and the CLI (`migrate`, `routes`, `sessions:prune`) so that
 * none of them names an extension. `Tables` and `Events` are the extension's own.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no tables or events by default
export interface ExtensionManifest<Tables = {}, Events = {}, Reads extends CoreTableName = never> {
  /** Unique, `snake_case`: also names its migrations' bookkeeping table `gatehouse_<name>_migrations`. */
  readonly name: string
  /** Set by extensions that send mail: Gatehouse then refuses to start without a mail transport. */
  readonly usesMail?: boolean
  /**
   * The extension's migrations, tracked per extension. Each must recognise what an older
   * Gatehouse already created (use `createTable(…).ifNotExists()` and the kit's column helpers).
   */
  readonly migrations?: (dialect: DialectName) => Record<string, Migration>
  /** The tables it owns (never tenant tables); their row types are `Tables`. */
  readonly tables?: readonly (keyof Tables & string)[]
  /**
   * Gatehouse's tables it queries itself (`['users', 'accounts']`): its `kit.db` sees these and
   * its own, and a query naming any other table throws `ExtensionTableError`. Mailed tokens and
   * the outbox go through the kit's services, which need no entry here.
   */
  readonly reads?: readonly Reads[]
  /** Its rate-limited actions (`'invitation.accept'`), merged with Gatehouse's. */
  readonly rateLimits?: Readonly<Record<string, RateLimitDefinition>>
  /** Its events, and how the audit log records each. */
  readonly events?: EventDefinitions<Events>
  /** Its routes, described for `gatehouse routes`. */
  readonly routes?: readonly RouteDescription[]
  /** Its rules in Gatehouse's use cases (sign-in checks), built once with the core. */
  readonly rules?: (kit: RulesKit<Tables, Reads>) => ExtensionRules
  /** Expired rows `gatehouse sessions:prune` deletes. */
  readonly prune?: readonly PruneStep[]
}

/** Any manifest, whatever its tables and events (what the core reads). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each extension has its own tables and events
export type AnyExtensionManifest = ExtensionManifest<any, any, any>
