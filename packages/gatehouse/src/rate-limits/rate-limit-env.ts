import { GatehouseConfigError } from '../errors.ts'
import { parseDuration } from './duration.ts'
import type { RateLimitOptions, RateLimitSetting, RateLimitStoreKind } from './rate-limit-config.ts'
import { toRateLimit } from './rate-limit-config.ts'
import { DEFAULT_RATE_LIMIT_POLICIES, RATE_LIMIT_ENV_STEM_ALIASES, RATE_LIMIT_ENV_STEMS, RATE_LIMIT_KEY_KINDS } from './rate-limit-policies.ts'
import type { RateLimitKeyKind } from './rate-limit-policies.ts'
import type { BackoffPolicy } from './rate-limit-store.ts'

const BACKOFF_VARIABLES: ReadonlyArray<readonly [string, keyof BackoffPolicy, 'count' | 'duration']> = [
  ['GATEHOUSE_SIGN_IN_BACKOFF_AFTER', 'failuresBeforeWait', 'count'],
  ['GATEHOUSE_SIGN_IN_BACKOFF_FIRST_WAIT', 'firstWaitMs', 'duration'],
  ['GATEHOUSE_SIGN_IN_BACKOFF_MAX_WAIT', 'maxWaitMs', 'duration'],
  ['GATEHOUSE_SIGN_IN_BACKOFF_FORGET_AFTER', 'forgetAfterMs', 'duration'],
]

/**
 * The `rateLimits` option from the environment (docs/rate-limits.md lists every variable):
 * `GATEHOUSE_RATE_LIMITS=off` (not in production), `GATEHOUSE_RATE_LIMIT_MULTIPLIER`,
 * `GATEHOUSE_RATE_LIMIT_STORE`, `GATEHOUSE_RATE_LIMIT_<ACTION>_PER_<IP|EMAIL|TOKEN>=30/5m`
 * (or `off`), `GATEHOUSE_RATE_LIMIT_FALLBACK_DIVISOR` and `GATEHOUSE_SIGN_IN_BACKOFF_*`.
 * Unset variables keep the defaults; a malformed one is a `GatehouseConfigError`.
 *
 * @example
 * rateLimitsFromEnv({ GATEHOUSE_RATE_LIMIT_PASSWORD_CHECK_PER_IP: '100/5m' }) // { policies: { 'password.check': { ip: { limit: 100, windowMs: 300000 } } } }
 */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv): RateLimitOptions {
  const options: { -readonly [K in keyof RateLimitOptions]: RateLimitOptions[K] } = {}
  const switched = env.GATEHOUSE_RATE_LIMITS?.trim().toLowerCase()
  if (switched) {
    if (!['on', 'off'].includes(switched)) throw new GatehouseConfigError(`GATEHOUSE_RATE_LIMITS must be on or off, got ${JSON.stringify(env.GATEHOUSE_RATE_LIMITS)}`)
    options.enabled = switched === 'on'
  }
  if (env.GATEHOUSE_RATE_LIMIT_MULTIPLIER) options.multiplier = positiveNumber('GATEHOUSE_RATE_LIMIT_MULTIPLIER', env.GATEHOUSE_RATE_LIMIT_MULTIPLIER)
  if (env.GATEHOUSE_RATE_LIMIT_FALLBACK_DIVISOR) options.fallbackDivisor = positiveNumber('GATEHOUSE_RATE_LIMIT_FALLBACK_DIVISOR', env.GATEHOUSE_RATE_LIMIT_FALLBACK_DIVISOR)
  const store = env.GATEHOUSE_RATE_LIMIT_STORE?.trim()
  if (store) {
    if (!['sql', 'redis', 'memory'].includes(store)) throw new GatehouseConfigError(`GATEHOUSE_RATE_LIMIT_STORE must be sql, redis or memory, got ${JSON.stringify(store)}`)
    options.store = store as RateLimitStoreKind
  }

  const policies: Record<string, Partial<Record<RateLimitKeyKind, RateLimitSetting>>> = {}
  // The former stems first, so a variable with the current stem wins over one with the old.
  const stems = [...Object.entries(RATE_LIMIT_ENV_STEM_ALIASES).map(([stem, action]) => [action, stem] as const), ...Object.entries(RATE_LIMIT_ENV_STEMS)]
  for (const [action, stem] of stems) {
    for (const kind of RATE_LIMIT_KEY_KINDS) {
      const name = `GATEHOUSE_RATE_LIMIT_${stem}_PER_${kind.toUpperCase()}`
      const value = env[name]?.trim()
      if (!value) continue
      const fallback = DEFAULT_RATE_LIMIT_POLICIES[action]?.[kind]
      ;(policies[action] ??= {})[kind] = value.toLowerCase() === 'off' ? false : toRateLimit(value, fallback, name)
    }
  }
  if (Object.keys(policies).length > 0) options.policies = policies

  const backoff: Partial<Record<keyof BackoffPolicy, number>> = {}
  for (const [name, field, kind] of BACKOFF_VARIABLES) {
    const value = env[name]?.trim()
    if (!value) continue
    const parsed = kind === 'count' ? (/^\d{1,6}$/.test(value) ? Number(value) : null) : parseDuration(value)
    if (!parsed) throw new GatehouseConfigError(`${name} must be ${kind === 'count' ? 'a whole number' : 'a duration such as 30s or 15m'}, got ${JSON.stringify(value)}`)
    backoff[field] = parsed
  }
  if (Object.keys(backoff).length > 0) options.signInBackoff = backoff
  return options
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text.trim())
  if (!Number.isFinite(value) || value <= 0) throw new GatehouseConfigError(`${name} must be a positive number, got ${JSON.stringify(text)}`)
  return value
}
