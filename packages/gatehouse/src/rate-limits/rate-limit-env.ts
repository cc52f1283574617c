import { GatehouseConfigError } from '../errors.ts'
import { parseDuration } from './duration.ts'
import type { RateLimitOptions, RateLimitSetting, RateLimitStoreKind } from './rate-limit-config.ts'
import { toRateLimit } from './rate-limit-config.ts'
import { DEFAULT_RATE_LIMIT_POLICIES, RATE_LIMIT_ENV_STEM_ALIASES, RATE_LIMIT_ENV_STEMS } from './rate-limit-policies.ts'
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
  const byEnvStem: Record<string, Partial<Record<RateLimitKeyKind, string | false>>> = {}
  const actionOfStem = new Map([...Object.entries(RATE_LIMIT_ENV_STEM_ALIASES), ...Object.entries(RATE_LIMIT_ENV_STEMS).map(([action, stem]) => [stem, action] as const)])
  // A former stem (SIGN_IN) is read before the current one, so the current one wins when both are set.
  const isFormerStem = (name: string) => Object.keys(RATE_LIMIT_ENV_STEM_ALIASES).some((stem) => name.startsWith(`GATEHOUSE_RATE_LIMIT_${stem}_PER_`))
  const entries = Object.entries(env).sort(([a], [b]) => Number(isFormerStem(b)) - Number(isFormerStem(a)) || a.localeCompare(b))
  for (const [name, raw] of entries) {
    const match = /^GATEHOUSE_RATE_LIMIT_([A-Z0-9_]+)_PER_(IP|EMAIL|TOKEN)$/.exec(name)
    const value = raw?.trim()
    if (!match?.[1] || !match[2] || !value) continue
    const [stem, kind] = [match[1], match[2].toLowerCase() as RateLimitKeyKind]
    const off = value.toLowerCase() === 'off'
    const action = actionOfStem.get(stem)
    if (action) {
      ;(policies[action] ??= {})[kind] = off ? false : toRateLimit(value, DEFAULT_RATE_LIMIT_POLICIES[action]?.[kind], name)
      continue
    }
    // An extension's action: its default window is not known yet, so only the form is checked here.
    if (!off) toRateLimit(value, { limit: 1, windowMs: 1 }, name)
    ;(byEnvStem[stem] ??= {})[kind] = off ? false : value
  }
  if (Object.keys(policies).length > 0) options.policies = policies
  if (Object.keys(byEnvStem).length > 0) options.policiesByEnvStem = byEnvStem

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
