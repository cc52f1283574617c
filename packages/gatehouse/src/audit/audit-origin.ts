/**
 * Where a recorded action came from: the client's address and browser, when known. The web
 * layer builds it per request and hands it to the core with `core.actingFrom(origin)`; the
 * core's use cases pass it along with every event they emit, so the audit log records it.
 */
export interface AuditOrigin {
  readonly ip: string | null
  readonly userAgent: string | null
}

/**
 * The origin of work no request started (a CLI, a background job, a test calling the core).
 *
 * @example
 * await events.emit('sessions.revoked', { userId }, UNKNOWN_ORIGIN)
 */
export const UNKNOWN_ORIGIN: AuditOrigin = Object.freeze({ ip: null, userAgent: null })
