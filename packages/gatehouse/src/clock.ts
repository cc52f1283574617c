/**
 * Where Gatehouse reads the time. Injected so that tests can move time forward
 * (idle expiry, rotation, token expiry) without sleeping.
 *
 * @example
 * let now = Date.now()
 * const clock: Clock = { now: () => now }
 * now += 31 * 60_000 // the session is now idle-expired
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
