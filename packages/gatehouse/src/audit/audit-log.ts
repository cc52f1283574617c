import type { EventBus } from '../events.ts'
import type { AuditedEvent, EventDefinitions } from '../extensions/manifest.ts'
import type { AuditEntry } from './audit-entry.ts'
import type { AuditOrigin } from './audit-origin.ts'

/** Every audited event, by the name it is emitted under. */
export type AuditDefinitions = ReadonlyMap<string, AuditedEvent<never>>

/**
 * Collects the audit part of event definitions (Gatehouse's, then each extension's).
 *
 * @example
 * const audited = auditDefinitions([CORE_EVENT_DEFINITIONS, ...extensions.map((e) => e.events ?? {})])
 */
export function auditDefinitions(sources: ReadonlyArray<EventDefinitions<Record<string, unknown>>>): AuditDefinitions {
  const audited = new Map<string, AuditedEvent<never>>()
  for (const source of sources) {
    for (const [type, definition] of Object.entries(source)) if (definition?.audit) audited.set(type, definition.audit as AuditedEvent<never>)
  }
  return audited
}

/**
 * Records every audited event on the bus, turned into an entry by its own definition. Only ids,
 * roles and addresses are passed on: the events carry no password, token or mail, and the
 * entries add none. A failed sign-in names the user only when the email belongs to one.
 *
 * @example
 * subscribeAuditLog(context.events, audited, createAuditRecorder(database, clock))
 */
export function subscribeAuditLog(events: EventBus, audited: AuditDefinitions, record: (entry: AuditEntry, origin: AuditOrigin) => Promise<void>): void {
  events.onEvery(async (event, origin) => {
    const definition = audited.get(event.type)
    if (definition) await record({ type: definition.type ?? event.type, ...definition.entry(event as never) }, origin)
  })
}
