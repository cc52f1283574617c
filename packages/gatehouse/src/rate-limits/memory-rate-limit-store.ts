import type { RateLimitStore } from './rate-limit-store.ts'
import { nextWaitMs, windowStartOf } from './rate-limit-store.ts'

interface Entry {
  windowStart: number
  hits: number
  previousHits: number
  waitMs: number
  blockedUntil: number
  expiresAt: number
}

/**
 * Counters in this process's memory: for a single node (`rateLimits.store: 'memory'`) and as the
 * stand-in while Redis is unreachable. JavaScript runs one step at a time, so each call is atomic
 * by itself. At most `maxKeys` keys are kept: when full even after expired ones are swept, the
 * oldest tenth of the keys is dropped (they forget their counts), so a flood of addresses cannot
 * exhaust memory.
 *
 * @example
 * const store = createMemoryRateLimitStore()
 * await store.countHit('session.create:ip:…', 300_000, 1, Date.now())
 */
export function createMemoryRateLimitStore(options: { maxKeys?: number } = {}): RateLimitStore {
  const maxKeys = options.maxKeys ?? 100_000
  const entries = new Map<string, Entry>()

  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key)
    if (entry && entry.expiresAt <= now) {
      entries.delete(key)
      return undefined
    }
    return entry
  }
  const sweep = (now: number): number => {
    let deleted = 0
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= now) {
        entries.delete(key)
        deleted++
      }
    }
    return deleted
  }
  const add = (key: string, entry: Entry, now: number) => {
    if (entries.size >= maxKeys) {
      sweep(now)
      // Still full of live keys: drop a tenth at once, so the sweep does not run on every add.
      if (entries.size >= maxKeys) for (const old of [...entries.keys()].slice(0, Math.ceil(maxKeys / 10))) entries.delete(old)
    }
    entries.set(key, entry)
  }

  return {
    async countHit(key, windowMs, cost, now) {
      const windowStart = windowStartOf(now, windowMs)
      const entry = live(key, now)
      if (!entry) {
        add(key, { windowStart, hits: cost, previousHits: 0, waitMs: 0, blockedUntil: 0, expiresAt: windowStart + 2 * windowMs }, now)
        return { current: cost, previous: 0, windowStart }
      }
      if (entry.windowStart >= windowStart) {
        entry.hits += cost
      } else {
        entry.previousHits = entry.windowStart === windowStart - windowMs ? entry.hits : 0
        entry.hits = cost
        entry.windowStart = windowStart
        entry.expiresAt = windowStart + 2 * windowMs
      }
      return { current: entry.hits, previous: entry.previousHits, windowStart: entry.windowStart }
    },
    async claimAttempt(key, policy, now) {
      const entry = live(key, now)
      if (entry && entry.blockedUntil > now) return { allowed: false, failures: entry.hits, blockedUntil: entry.blockedUntil }
      const failures = (entry?.hits ?? 0) + 1
      const waitMs = nextWaitMs(policy, failures, entry?.waitMs ?? 0)
      const blockedUntil = waitMs === 0 ? 0 : now + waitMs
      const next = { windowStart: 0, hits: failures, previousHits: 0, waitMs, blockedUntil, expiresAt: now + policy.forgetAfterMs }
      if (entry) Object.assign(entry, next)
      else add(key, next, now)
      return { allowed: true, failures, blockedUntil }
    },
    async forget(key) {
      entries.delete(key)
    },
    async deleteExpired(now) {
      return sweep(now)
    },
  }
}
