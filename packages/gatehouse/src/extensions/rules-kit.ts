import type { Kysely } from 'kysely'
import type { RateLimited, SignInRule } from '../authentication/sign-in-rules.ts'
import type { Clock } from '../clock.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { addressBucket } from '../network/trusted-proxies.ts'
import type { RateLimiter } from '../rate-limits/rate-limiter.ts'
import type { RateLimitKeys } from '../rate-limits/rate-limiter.ts'
import type { RegistrationRules } from '../registration/register-and-sign-in.ts'
import { normalizeEmail } from '../users/email.ts'
import { buildKitMail, buildKitTokens } from './kit-services.ts'
import type { OutboxMail } from './kit-services.ts'
import type { AnyExtensionManifest, RulesKit } from './manifest.ts'
import { scopeKitServices } from './scoped-kit.ts'
import type { CoreTableName } from './table-scope.ts'

/**
 * The rate-limit keys of a request: the client's address (IPv6 by its /64) and the email
 * (trimmed, lower case) and token it names; what is missing is not counted.
 *
 * @example
 * await rateLimiter.limitAction('registration.create', rateLimitKeysOf(clientAddress, { email }))
 */
export function rateLimitKeysOf(address: string | null | undefined, keys: { email?: string | null; token?: string | null } = {}): RateLimitKeys {
  const email = normalizeEmail(keys.email ?? '')
  return {
    ...(address ? { ip: addressBucket(address) } : {}),
    ...(email === '' ? {} : { email }),
    ...(keys.token ? { token: keys.token } : {}),
  }
}

/** A refusal of the limiter as a use case reports it: whole seconds, at least one. */
export function rateLimitedFor(retryAfterMs: number): RateLimited {
  return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
}

/**
 * The kit extensions' rules are built with, on the core's database, hashing, outbox and limiter.
 *
 * @example
 * const kit = buildRulesKit({ db, clock, hashPassword, outbox: core.mail, rateLimiter })
 */
export function buildRulesKit(parts: {
  db: Kysely<GatehouseTables>
  clock: Clock
  hashPassword: (password: string) => Promise<string>
  outbox: OutboxMail
  rateLimiter: RateLimiter
}): RulesKit<object, CoreTableName> {
  return Object.freeze({
    db: parts.db,
    clock: parts.clock,
    passwords: Object.freeze({ hash: parts.hashPassword }),
    tokens: buildKitTokens(parts.clock),
    mail: buildKitMail(parts.db, parts.outbox),
    async limitAction(action, caller, keys = {}) {
      const decision = await parts.rateLimiter.limitAction(action, rateLimitKeysOf(caller.clientAddress, keys))
      return decision.allowed ? null : rateLimitedFor(decision.retryAfterMs)
    },
  } satisfies RulesKit<object, CoreTableName>)
}

/**
 * Every switched-on extension's rules, in extension order, as the core's use cases run them.
 *
 * @example
 * const rules = collectRules(options.extensions ?? [], buildRulesKit(parts))
 */
export function collectRules(extensions: readonly AnyExtensionManifest[], kit: RulesKit<object, CoreTableName>): RegistrationRules {
  const registration: RegistrationRules['registration'][number][] = []
  const signIn: SignInRule[] = []
  for (const extension of extensions) {
    // Each extension's rules see only the tables its manifest owns and reads.
    const rules = extension.rules?.(scopeRulesKit(kit, extension))
    if (rules?.registration) registration.push(rules.registration)
    if (rules?.signIn) signIn.push({ check: rules.signIn, ...(rules.signInHeld ? { held: rules.signInHeld } : {}) })
  }
  return { registration, signIn }
}

function scopeRulesKit(kit: RulesKit<object, CoreTableName>, manifest: AnyExtensionManifest): RulesKit<object, CoreTableName> {
  const { db, mail, tokens } = scopeKitServices(kit, manifest)
  return Object.freeze({ ...kit, db, mail, tokens })
}
