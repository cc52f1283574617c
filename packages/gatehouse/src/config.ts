import type { Migration } from 'kysely'
import type { Clock } from './clock.ts'
import type { MailOptions } from './mail/mail-service.ts'
import { systemClock } from './clock.ts'
import type { Database } from './db/database.ts'
import type { AnyExtensionManifest, RateLimitDefinition } from './extensions/manifest.ts'
import { GatehouseConfigError } from './errors.ts'
import type { MessageOverrides, Messages } from './messages.ts'
import { resolveMessages } from './messages.ts'
import type { Argon2Params } from './passwords/index.ts'
import { DEFAULT_ARGON2_PARAMS } from './passwords/index.ts'
import type { SessionPolicy } from './sessions/session-policy.ts'
import { resolveSessionPolicy } from './sessions/session-policy.ts'
import type { ResolvedSessionStore, SessionStoreOption } from './sessions/session-store-config.ts'
import { resolveSessionStore } from './sessions/session-store-config.ts'
import type { RateLimitOptions, ResolvedRateLimits } from './rate-limits/rate-limit-config.ts'
import { resolveRateLimits } from './rate-limits/rate-limit-config.ts'
import type { ResolvedTrustedProxies, TrustedProxiesOption } from './network/trusted-proxies.ts'
import { resolveTrustedProxies } from './network/trusted-proxies.ts'
import type { HashingQueueOptions, ResolvedHashingQueue } from './passwords/hashing-queue.ts'
import { resolveHashingQueue } from './passwords/hashing-queue.ts'

export const MIN_SECRET_LENGTH = 32

/**
 * `securityHeaders`: by default Gatehouse's own routes and its error pages get the headers and
 * the app's own routes get none (its scripts keep working). `appRoutes: true` gives the app's
 * routes the same headers (an app without scripts, like the tutorial); `false` sends none at all
 * (the app or a proxy sets its own); `contentSecurityPolicy`/`strictTransportSecurity` replace a
 * value (HSTS only ever goes out on https).
 *
 * @example
 * createGatehouse({ db, secret, publicUrl, securityHeaders: { appRoutes: true } })
 */
export type SecurityHeadersOption =
  | false
  | { readonly contentSecurityPolicy?: string; readonly strictTransportSecurity?: string | false; readonly appRoutes?: boolean }

/** What an app passes to `createGatehouse`. Only `database`, `secret` and `publicUrl` are required. */
export interface GatehouseOptions {
  /** A `DATABASE_URL` (`sqlite:./data/dev.sqlite`, `postgres://…`) or a database opened with `openDatabase`. */
  readonly database: string | Database
  /** At least 32 characters; signs the CSRF and flash cookies. `GATEHOUSE_SECRET` in the example app. */
  readonly secret: string
  /** The origin people reach the app on (`https://app.example.com`): redirects, cookie security, mail links. */
  readonly publicUrl: string
  /** Run Gatehouse's and the app's migrations when Gatehouse starts (default true). */
  readonly migrate?: boolean
  /** The app's own migrations, applied after Gatehouse's and tracked in `app_migrations`. */
  readonly migrations?: Record<string, Migration>
  readonly sessions?: Partial<SessionPolicy>
  /** Where sessions live: `'sql'` (default) or `{ redisUrl }` (`REDIS_URL`), shared by every node. */
  readonly sessionStore?: SessionStoreOption
  readonly passwordHashing?: Partial<Argon2Params>
  readonly messages?: MessageOverrides
  readonly clock?: Clock
  /** Largest accepted form body in bytes (default 64 KiB). */
  readonly maxFormBytes?: number
  /** How mail is sent (SMTP, or the dev mailbox outside production). */
  readonly mail?: MailOptions
  /**
   * Production refuses what only suits development (the dev mailbox). Defaults to
   * `NODE_ENV === 'production'`.
   */
  readonly production?: boolean
  /** Limits on sign-in, registration and the extensions' actions (docs/rate-limits.md); safe defaults. */
  readonly rateLimits?: RateLimitOptions
  /**
   * Proxies whose `X-Forwarded-For` is believed (`GATEHOUSE_TRUSTED_PROXIES`): how many sit in
   * front of the app, or their addresses and networks. Unset: the socket's address is the client.
   */
  readonly trustedProxies?: TrustedProxiesOption
  /** How many password hashes run at once (fewer while pages are being served) and how many may wait (a flood beyond gets 503). */
  readonly passwordHashingQueue?: HashingQueueOptions
  /** Content-Security-Policy, nosniff, Referrer-Policy, frame denial, HSTS on https (default on; `false` sends none). */
  readonly securityHeaders?: SecurityHeadersOption
  /** Switched-on extensions, in order; the core reads their manifests (migrations, events, rate limits). */
  readonly extensions?: readonly AnyExtensionManifest[]
}

/** The options after defaults and checks: frozen, so nothing changes them at run time. */
export interface ResolvedConfig {
  readonly secret: string
  readonly publicOrigin: string
  readonly secureCookies: boolean
  readonly migrate: boolean
  readonly migrations: Record<string, Migration>
  readonly sessionPolicy: SessionPolicy
  readonly sessionStore: ResolvedSessionStore
  readonly argon2: Argon2Params
  readonly messages: Messages
  readonly clock: Clock
  readonly maxFormBytes: number
  readonly mail: MailOptions
  readonly production: boolean
  readonly rateLimits: ResolvedRateLimits
  readonly trustedProxies: ResolvedTrustedProxies
  readonly passwordHashingQueue: ResolvedHashingQueue
  readonly securityHeaders: SecurityHeadersOption
}

/**
 * Validates options once, at start-up, and throws a `GatehouseConfigError` naming what is wrong.
 *
 * @example
 * resolveConfig({ database: 'sqlite::memory:', secret: 'x'.repeat(32), publicUrl: 'http://localhost:4000' })
 */
export function resolveConfig(options: GatehouseOptions): ResolvedConfig {
  const { database } = options as { database?: unknown }
  if (typeof database === 'string' ? database.trim() === '' : typeof database !== 'object' || database === null) {
    throw new GatehouseConfigError('database is required: a DATABASE_URL such as sqlite:./data/dev.sqlite or postgres://…, or a database from openDatabase')
  }
  if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
    throw new GatehouseConfigError(`secret must be at least ${MIN_SECRET_LENGTH} characters (generate one with: npx gatehouse secret)`)
  }
  let publicUrl: URL
  try {
    publicUrl = new URL(options.publicUrl)
  } catch {
    throw new GatehouseConfigError(`publicUrl must be an absolute URL such as http://localhost:4000, got ${JSON.stringify(options.publicUrl)}`)
  }
  if (publicUrl.protocol !== 'http:' && publicUrl.protocol !== 'https:') {
    throw new GatehouseConfigError('publicUrl must be an http: or https: URL')
  }
  const argon2 = { ...DEFAULT_ARGON2_PARAMS, ...options.passwordHashing }
  // NaN, Infinity or 0 would pass the minimum check and make every hash throw at run time.
  const wholeNumbers = [argon2.memoryCost, argon2.timeCost, argon2.parallelism].every((n) => Number.isSafeInteger(n) && n > 0)
  if (!wholeNumbers || argon2.memoryCost < DEFAULT_ARGON2_PARAMS.memoryCost || argon2.timeCost < DEFAULT_ARGON2_PARAMS.timeCost) {
    throw new GatehouseConfigError('passwordHashing must be whole numbers and at least OWASP\'s argon2id minimum (memoryCost 19456 KiB, timeCost 2, parallelism 1)')
  }
  const production = options.production ?? process.env.NODE_ENV === 'production'
  return Object.freeze({
    secret: options.secret,
    publicOrigin: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:',
    migrate: options.migrate ?? true,
    migrations: options.migrations ?? {},
    sessionPolicy: resolveSessionPolicy(options.sessions),
    sessionStore: resolveSessionStore(options.sessionStore),
    argon2: Object.freeze(argon2),
    messages: resolveMessages(options.messages),
    clock: options.clock ?? systemClock,
    maxFormBytes: options.maxFormBytes ?? 64 * 1024,
    mail: Object.freeze({ ...options.mail }),
    production,
    rateLimits: resolveRateLimits(options.rateLimits, production, extensionRateLimits(options.extensions ?? [])),
    trustedProxies: resolveTrustedProxies(options.trustedProxies),
    passwordHashingQueue: resolveHashingQueue(options.passwordHashingQueue),
    securityHeaders: options.securityHeaders === false ? false : Object.freeze({ ...options.securityHeaders }),
  })
}

/** Every switched-on extension's rate-limited actions; two claiming one action is a start-up error. */
function extensionRateLimits(extensions: readonly AnyExtensionManifest[]): Record<string, RateLimitDefinition> {
  const actions: Record<string, RateLimitDefinition> = {}
  for (const extension of extensions) {
    for (const [action, definition] of Object.entries(extension.rateLimits ?? {})) {
      if (actions[action]) throw new GatehouseConfigError(`rate-limited action ${action} is declared by two extensions`)
      actions[action] = definition
    }
  }
  return actions
}
