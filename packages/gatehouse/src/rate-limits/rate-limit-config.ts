import { GatehouseConfigError } from '../errors.ts'
import { parseDuration } from './duration.ts'
import { DEFAULT_RATE_LIMIT_POLICIES, DEFAULT_SIGN_IN_BACKOFF, RATE_LIMIT_ACTION_ALIASES, RATE_LIMIT_KEY_KINDS } from './rate-limit-policies.ts'
import type { RateLimit, RateLimitKeyKind, RateLimitPolicy } from './rate-limit-policies.ts'
import type { BackoffPolicy } from './rate-limit-store.ts'
import type { RateLimitDefinition } from '../extensions/manifest.ts'

/** A limit as an object or as text, `'30/5m'` (30 per 5 minutes) or `'30'` (keep the window); `false` removes it. */
export type RateLimitSetting = RateLimit | string | false

export type RateLimitStoreKind = 'sql' | 'redis' | 'memory'

/** The `rateLimits` option of `createGatehouse` (all optional: the defaults are safe for production). */
export interface RateLimitOptions {
  /** `false` switches every limit off (test environments only: refused in production). */
  readonly enabled?: boolean
  /**
   * Where counters live: `'sql'` (the default: the `rate_limits` table), `'redis'` (the default
   * when sessions are in Redis; shares that connection) or `'memory'` (a single node only).
   */
  readonly store?: RateLimitStoreKind
  /** Multiplies every limit and the sign-in back-off's free failures (a test environment raises them this way). */
  readonly multiplier?: number
  /** Limits per action, over the defaults: `{ 'password.check': { ip: '100/5m' } }` (`session.create` is its former name); new actions for `rateLimit(c, action)` too. */
  readonly policies?: Readonly<Record<string, Readonly<Partial<Record<RateLimitKeyKind, RateLimitSetting>>>>>
  /**
   * Limits read from `GATEHOUSE_RATE_LIMIT_<STEM>_PER_<KIND>` for stems that are not
   * Gatehouse's own (`{ RESET_REQUEST: { email: '5' } }`): applied to the switched-on
   * extension action with that stem (its manifest's `rateLimits[action].envStem`); others are ignored.
   */
  readonly policiesByEnvStem?: Readonly<Record<string, Readonly<Partial<Record<RateLimitKeyKind, string | false>>>>>
  /** Failed password checks per email, sign-in and re-authentication alike (default: 5 free, then 30 s doubling up to 15 min, forgotten after 24 h). */
  readonly signInBackoff?: Partial<BackoffPolicy>
  /** While Redis is unreachable, each node allows this many times fewer requests (default 4). */
  readonly fallbackDivisor?: number
}

/** The rate limits after defaults, overrides and the multiplier: frozen. */
export interface ResolvedRateLimits {
  readonly enabled: boolean
  /** Undefined: Redis when the session store is Redis, else SQL. */
  readonly store: RateLimitStoreKind | undefined
  readonly policies: Readonly<Record<string, RateLimitPolicy>>
  readonly signInBackoff: BackoffPolicy
  readonly fallbackDivisor: number
}

/**
 * Checks the `rateLimits` option once, at start-up.
 *
 * @example
 * resolveRateLimits({ multiplier: 100 }, false).policies['password.check'] // { ip: { limit: 3000, windowMs: 300000 } }
 * resolveRateLimits({}, false, extension.rateLimits).policies['contact.create'] // the extension's defaults
 */
export function resolveRateLimits(options: RateLimitOptions = {}, production = false, extensionActions: Readonly<Record<string, RateLimitDefinition>> = {}): ResolvedRateLimits {
  if (options.enabled === false && production) {
    throw new GatehouseConfigError('rate limits cannot be switched off in production (GATEHOUSE_RATE_LIMITS=off); raise them with GATEHOUSE_RATE_LIMIT_MULTIPLIER or per action instead')
  }
  const multiplier = options.multiplier ?? 1
  if (!Number.isFinite(multiplier) || multiplier <= 0) throw new GatehouseConfigError(`rateLimits.multiplier must be a positive number, got ${options.multiplier}`)
  const fallbackDivisor = options.fallbackDivisor ?? 4
  if (!Number.isFinite(fallbackDivisor) || fallbackDivisor < 1) throw new GatehouseConfigError(`rateLimits.fallbackDivisor must be at least 1, got ${options.fallbackDivisor}`)
  if (options.store !== undefined && !['sql', 'redis', 'memory'].includes(options.store)) {
    throw new GatehouseConfigError(`rateLimits.store must be sql, redis or memory, got ${JSON.stringify(options.store)}`)
  }
  const defaults: Record<string, RateLimitPolicy> = { ...DEFAULT_RATE_LIMIT_POLICIES }
  const overrides: Record<string, Partial<Record<RateLimitKeyKind, RateLimitSetting>>> = {}
  for (const [action, definition] of Object.entries(extensionActions)) {
    defaults[action] = definition.policy
    const fromEnv = options.policiesByEnvStem?.[definition.envStem]
    if (fromEnv) overrides[action] = { ...fromEnv }
  }
  for (const [action, setting] of Object.entries(withCurrentActionNames(options.policies ?? {}))) overrides[action] = { ...overrides[action], ...setting }
  const policies: Record<string, RateLimitPolicy> = {}
  for (const action of new Set([...Object.keys(defaults), ...Object.keys(overrides)])) {
    policies[action] = resolvePolicy(action, defaults[action] ?? {}, overrides[action] ?? {}, multiplier)
  }
  return Object.freeze({
    enabled: options.enabled ?? true,
    store: options.store,
    policies: Object.freeze(policies),
    signInBackoff: resolveBackoff(options.signInBackoff ?? {}, multiplier),
    fallbackDivisor,
  })
}

/** `session.create` (the former sign-in policy) is `password.check`; the current name wins when both are given. */
function withCurrentActionNames(policies: NonNullable<RateLimitOptions['policies']>): NonNullable<RateLimitOptions['policies']> {
  const renamed: Record<string, Readonly<Partial<Record<RateLimitKeyKind, RateLimitSetting>>>> = {}
  for (const [action, policy] of Object.entries(policies)) {
    const current = RATE_LIMIT_ACTION_ALIASES[action]
    if (current) renamed[current] = { ...policy, ...renamed[current] }
    else renamed[action] = { ...renamed[action], ...policy }
  }
  return renamed
}

function resolvePolicy(action: string, defaults: RateLimitPolicy, overrides: Partial<Record<string, RateLimitSetting>>, multiplier: number): RateLimitPolicy {
  const policy: Partial<Record<RateLimitKeyKind, RateLimit>> = {}
  for (const kind of Object.keys(overrides)) {
    if (!RATE_LIMIT_KEY_KINDS.includes(kind as RateLimitKeyKind)) throw new GatehouseConfigError(`rateLimits.policies.${action}: unknown key ${kind} (ip, email or token)`)
  }
  for (const kind of RATE_LIMIT_KEY_KINDS) {
    const setting = kind in overrides ? overrides[kind] : defaults[kind]
    if (setting === undefined || setting === false) continue
    const limit = toRateLimit(setting, defaults[kind], `rateLimits.policies.${action}.${kind}`)
    policy[kind] = Object.freeze({ limit: Math.max(1, Math.ceil(limit.limit * multiplier)), windowMs: limit.windowMs })
  }
  return Object.freeze(policy)
}

/**
 * `'30/5m'`, `'30'` (with the default's window) or `{ limit, windowMs }` as a checked RateLimit.
 *
 * @example
 * toRateLimit('30/5m', undefined, 'SIGN_IN_PER_IP') // { limit: 30, windowMs: 300000 }
 */
export function toRateLimit(setting: RateLimit | string, fallback: RateLimit | undefined, name: string): RateLimit {
  if (typeof setting !== 'string') {
    if (Number.isSafeInteger(setting.limit) && setting.limit > 0 && Number.isSafeInteger(setting.windowMs) && setting.windowMs > 0) return setting
    throw new GatehouseConfigError(`${name} must have a whole, positive limit and windowMs`)
  }
  const match = /^\s*(\d{1,9})\s*(?:\/\s*(\S+))?\s*$/.exec(setting)
  const limit = Number(match?.[1])
  const windowMs = match?.[2] === undefined ? fallback?.windowMs : parseDuration(match[2])
  if (!match || !(limit > 0) || !windowMs) {
    throw new GatehouseConfigError(`${name} must look like 30/5m (30 per 5 minutes; units ms, s, m, h, d)${fallback ? ' or 30' : ''}, got ${JSON.stringify(setting)}`)
  }
  return { limit, windowMs }
}

function resolveBackoff(overrides: Partial<BackoffPolicy>, multiplier: number): BackoffPolicy {
  const policy = { ...DEFAULT_SIGN_IN_BACKOFF, ...overrides }
  const values = [policy.failuresBeforeWait, policy.firstWaitMs, policy.maxWaitMs, policy.forgetAfterMs]
  if (!values.every((n) => Number.isSafeInteger(n) && n > 0)) throw new GatehouseConfigError('rateLimits.signInBackoff values must be whole, positive numbers')
  if (policy.firstWaitMs > policy.maxWaitMs) throw new GatehouseConfigError('rateLimits.signInBackoff.firstWaitMs must not exceed maxWaitMs')
  if (policy.forgetAfterMs < policy.maxWaitMs) throw new GatehouseConfigError('rateLimits.signInBackoff.forgetAfterMs must be at least maxWaitMs')
  return Object.freeze({ ...policy, failuresBeforeWait: Math.max(1, Math.ceil(policy.failuresBeforeWait * multiplier)) })
}
