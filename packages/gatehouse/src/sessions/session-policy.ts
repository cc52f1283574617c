import { GatehouseConfigError } from '../errors.ts'

const MINUTE = 60_000

/** Session timing. Defaults follow Pow: 30 minutes idle, a new token every 15 minutes of use. */
export interface SessionPolicy {
  /** A session unused for this long (counted from its last rotation) is over. */
  readonly idleTimeoutMs: number
  /** A session in use gets a new secret once this much time has passed since the last one. */
  readonly rotationIntervalMs: number
  /** A session ends this long after sign-in, however active. */
  readonly absoluteLifetimeMs: number
  /** How long the secret replaced by a rotation keeps working, for requests already in flight. */
  readonly rotationGraceMs: number
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = Object.freeze({
  idleTimeoutMs: 30 * MINUTE,
  rotationIntervalMs: 15 * MINUTE,
  absoluteLifetimeMs: 24 * 60 * MINUTE,
  rotationGraceMs: 1 * MINUTE,
})

/** Merges overrides into the defaults and refuses combinations that cannot work. */
export function resolveSessionPolicy(overrides: Partial<SessionPolicy> = {}): SessionPolicy {
  const policy = { ...DEFAULT_SESSION_POLICY, ...overrides }
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value <= 0) throw new GatehouseConfigError(`sessions.${key} must be a positive number of milliseconds`)
  }
  if (policy.rotationIntervalMs >= policy.idleTimeoutMs) {
    throw new GatehouseConfigError('sessions.rotationIntervalMs must be shorter than sessions.idleTimeoutMs, or an active session would expire')
  }
  if (policy.idleTimeoutMs > policy.absoluteLifetimeMs) {
    throw new GatehouseConfigError('sessions.idleTimeoutMs must not exceed sessions.absoluteLifetimeMs')
  }
  return Object.freeze(policy)
}
