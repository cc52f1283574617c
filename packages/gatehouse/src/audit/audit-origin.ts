import { AsyncLocalStorage } from 'node:async_hooks'

/** Where a recorded action came from: the client's address and browser, when known. */
export interface AuditOrigin {
  readonly ip: string | null
  readonly userAgent: string | null
}

const UNKNOWN: AuditOrigin = Object.freeze({ ip: null, userAgent: null })
const storage = new AsyncLocalStorage<AuditOrigin>()

/**
 * Runs `work` with `origin` as the origin of every audit event recorded inside it, however
 * deep (core functions and extensions stay free of request objects). The web middleware wraps
 * each request in it.
 *
 * @example
 * await runWithAuditOrigin({ ip: '203.0.113.7', userAgent: 'Firefox' }, () => next())
 */
export function runWithAuditOrigin<T>(origin: AuditOrigin, work: () => T): T {
  return storage.run(origin, work)
}

/**
 * The origin of the request being served, or unknown (a CLI, a background job).
 *
 * @example
 * const { ip } = currentAuditOrigin()
 */
export function currentAuditOrigin(): AuditOrigin {
  return storage.getStore() ?? UNKNOWN
}
