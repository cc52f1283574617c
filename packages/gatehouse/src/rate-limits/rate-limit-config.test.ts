import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { loadEnvConfig } from '../config/env.ts'
import { formatDuration, parseDuration } from './duration.ts'
import { resolveRateLimits } from './rate-limit-config.ts'
import type { RateLimitOptions } from './rate-limit-config.ts'
import { rateLimitsFromEnv } from './rate-limit-env.ts'
import { DEFAULT_RATE_LIMIT_POLICIES, DEFAULT_SIGN_IN_BACKOFF, RATE_LIMIT_ENV_STEMS } from './rate-limit-policies.ts'
import { emailConfirmation, invitations, resetPassword } from '../index.ts'

/** Every shipped extension's rate-limited actions, as `createGatehouse` merges them. */
const EXTENSION_ACTIONS = Object.assign({}, ...[resetPassword(), emailConfirmation(), invitations()].map((e) => e.rateLimits))

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('resolveRateLimits', () => {
  test('should keep the documented defaults: every protected action limited per address, and the sign-in back-off', () => {
    const resolved = resolveRateLimits({}, false, EXTENSION_ACTIONS)
    assert.equal(resolved.enabled, true)
    assert.equal(resolved.store, undefined)
    assert.deepEqual(resolveRateLimits().policies, DEFAULT_RATE_LIMIT_POLICIES)
    for (const action of ['password.check', 'registration.create', 'reset_password.create', 'reset_password.update', 'email_confirmation.resend', 'email_confirmation.confirm', 'invitation.accept']) {
      assert.ok(resolved.policies[action]?.ip, `${action} has no per-address limit`)
      assert.ok(RATE_LIMIT_ENV_STEMS[action] ?? EXTENSION_ACTIONS[action]?.envStem, `${action} has no environment variable`)
    }
    assert.deepEqual(resolved.signInBackoff, { failuresBeforeWait: 5, firstWaitMs: 30_000, maxWaitMs: 15 * MINUTE, forgetAfterMs: 24 * HOUR })
    assert.deepEqual(resolved.signInBackoff, DEFAULT_SIGN_IN_BACKOFF)
    assert.equal(resolved.fallbackDivisor, 4)
    assert.ok(Object.isFrozen(resolved) && Object.isFrozen(resolved.policies))
  })

  test('should merge overrides per action and key, remove a key with false, and add new actions', () => {
    const resolved = resolveRateLimits({ policies: { 'password.check': { ip: '100/10m' }, 'registration.create': { email: false }, 'contact.create': { ip: { limit: 5, windowMs: HOUR } } } })
    assert.deepEqual(resolved.policies['password.check'], { ip: { limit: 100, windowMs: 10 * MINUTE } })
    assert.deepEqual(resolved.policies['registration.create'], { ip: { limit: 10, windowMs: HOUR } })
    assert.deepEqual(resolved.policies['contact.create'], { ip: { limit: 5, windowMs: HOUR } })
    // A bare number keeps the default window.
    assert.deepEqual(resolveRateLimits({ policies: { 'password.check': { ip: '7' } } }).policies['password.check'], { ip: { limit: 7, windowMs: 5 * MINUTE } })
  })

  test('should read the former sign-in action name as the shared password-check policy', () => {
    const resolved = resolveRateLimits({ policies: { 'session.create': { ip: '9/1m' } } })
    assert.deepEqual(resolved.policies['password.check'], { ip: { limit: 9, windowMs: MINUTE } })
    assert.equal(resolved.policies['session.create'], undefined)
    assert.deepEqual(rateLimitsFromEnv({ GATEHOUSE_RATE_LIMIT_SIGN_IN_PER_IP: '9/1m' }).policies, { 'password.check': { ip: { limit: 9, windowMs: MINUTE } } })
  })

  test('should refuse malformed settings at start-up', () => {
    const malformed: RateLimitOptions[] = [
      { multiplier: 0 },
      { multiplier: Number.NaN },
      { fallbackDivisor: 0.5 },
      { store: 'mongo' as never },
      { policies: { 'session.create': { ip: '30 per minute' } } },
      { policies: { 'session.create': { ip: '0/5m' } } },
      { policies: { 'session.create': { ip: '30/5' } } },
      { policies: { 'contact.create': { ip: '30' } } },
      { policies: { 'session.create': { address: '30/5m' } as never } },
      { signInBackoff: { firstWaitMs: 20 * MINUTE } },
      { signInBackoff: { failuresBeforeWait: 0 } },
      { signInBackoff: { forgetAfterMs: MINUTE } },
    ]
    for (const options of malformed) {
      assert.throws(() => resolveRateLimits(options), GatehouseConfigError, JSON.stringify(options))
    }
  })

  test('should refuse switching limits off in production, and allow it elsewhere', () => {
    assert.throws(() => resolveRateLimits({ enabled: false }, true), /cannot be switched off in production/)
    assert.equal(resolveRateLimits({ enabled: false }, false).enabled, false)
  })
})

describe('rate limits from the environment', () => {
  test('should read every documented variable', () => {
    const options = rateLimitsFromEnv({
      GATEHOUSE_RATE_LIMITS: 'off',
      GATEHOUSE_RATE_LIMIT_MULTIPLIER: '10',
      GATEHOUSE_RATE_LIMIT_STORE: 'memory',
      GATEHOUSE_RATE_LIMIT_FALLBACK_DIVISOR: '2',
      GATEHOUSE_RATE_LIMIT_SIGN_IN_PER_IP: '100/5m',
      GATEHOUSE_RATE_LIMIT_REGISTRATION_PER_EMAIL: 'off',
      GATEHOUSE_RATE_LIMIT_RESET_REQUEST_PER_EMAIL: '5',
      GATEHOUSE_RATE_LIMIT_INVITATION_ACCEPT_PER_TOKEN: '3/1h',
      GATEHOUSE_SIGN_IN_BACKOFF_AFTER: '10',
      GATEHOUSE_SIGN_IN_BACKOFF_FIRST_WAIT: '10s',
      GATEHOUSE_SIGN_IN_BACKOFF_MAX_WAIT: '5m',
      GATEHOUSE_SIGN_IN_BACKOFF_FORGET_AFTER: '12h',
    })
    assert.deepEqual(options, {
      enabled: false,
      multiplier: 10,
      store: 'memory',
      fallbackDivisor: 2,
      policies: {
        'password.check': { ip: { limit: 100, windowMs: 5 * MINUTE } },
        'registration.create': { email: false },
      },
      // Extensions' actions are matched by stem once the switched-on extensions are known.
      policiesByEnvStem: { RESET_REQUEST: { email: '5' }, INVITATION_ACCEPT: { token: '3/1h' } },
      signInBackoff: { failuresBeforeWait: 10, firstWaitMs: 10_000, maxWaitMs: 5 * MINUTE, forgetAfterMs: 12 * HOUR },
    })
    const resolved = resolveRateLimits({ ...options, enabled: true, multiplier: 1 }, false, EXTENSION_ACTIONS).policies
    assert.deepEqual(resolved['reset_password.create'], { ip: { limit: 10, windowMs: HOUR }, email: { limit: 5, windowMs: HOUR } })
    assert.deepEqual(resolved['invitation.accept'], { ip: { limit: 20, windowMs: HOUR }, token: { limit: 3, windowMs: HOUR } })
    assert.deepEqual(rateLimitsFromEnv({}), {})
  })

  test('should stop loadEnvConfig on a malformed or forbidden value', () => {
    const base = { GATEHOUSE_SECRET: 's'.repeat(40) }
    for (const [name, value] of [
      ['GATEHOUSE_RATE_LIMITS', 'maybe'],
      ['GATEHOUSE_RATE_LIMIT_MULTIPLIER', 'lots'],
      ['GATEHOUSE_RATE_LIMIT_SIGN_IN_PER_IP', '30 a minute'],
      ['GATEHOUSE_RATE_LIMIT_STORE', 'mongo'],
      ['GATEHOUSE_SIGN_IN_BACKOFF_MAX_WAIT', '15'],
      ['GATEHOUSE_TRUSTED_PROXIES', '10.0.0.0/33'],
      ['GATEHOUSE_PASSWORD_HASHING_CONCURRENCY', 'two'],
    ] as const) {
      assert.throws(() => loadEnvConfig({ ...base, [name]: value }), GatehouseConfigError, `${name}=${value}`)
    }
    assert.throws(() => loadEnvConfig({ ...base, NODE_ENV: 'production', GATEHOUSE_RATE_LIMITS: 'off' }), /cannot be switched off in production/)
  })

  test('should hand the app rateLimits, trustedProxies and passwordHashingQueue to pass on', () => {
    const env = loadEnvConfig({ GATEHOUSE_SECRET: 's'.repeat(40), GATEHOUSE_RATE_LIMIT_MULTIPLIER: '5', GATEHOUSE_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1', GATEHOUSE_PASSWORD_HASHING_CONCURRENCY: '2', GATEHOUSE_PASSWORD_HASHING_QUEUE: '40' })
    assert.deepEqual(env.rateLimits, { multiplier: 5 })
    assert.deepEqual(env.trustedProxies, ['10.0.0.0/8', '192.0.2.1'])
    assert.deepEqual(env.passwordHashingQueue, { concurrency: 2, maxQueued: 40 })
    const unset = loadEnvConfig({ GATEHOUSE_SECRET: 's'.repeat(40) })
    assert.deepEqual([unset.rateLimits, unset.trustedProxies, unset.passwordHashingQueue], [{}, undefined, {}])
    assert.equal(loadEnvConfig({ GATEHOUSE_SECRET: 's'.repeat(40), GATEHOUSE_TRUSTED_PROXIES: '2' }).trustedProxies, 2)
  })
})

describe('durations', () => {
  test('should read whole numbers with a unit and nothing else', () => {
    assert.deepEqual(['250ms', '30s', '5m', '1h', '2d', ' 15m '].map(parseDuration), [250, 30_000, 300_000, HOUR, 2 * 24 * HOUR, 15 * MINUTE])
    for (const text of ['15', '1.5m', '-5m', '0s', '5 minutes', '', 'm']) assert.equal(parseDuration(text), null, text)
    assert.deepEqual([300_000, 90_000, HOUR, 1500].map(formatDuration), ['5m', '90s', '1h', '1500ms'])
  })
})
