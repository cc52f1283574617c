/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { AuditDefinitions, AuditEvent } from '../../audit/index.ts'

/**
 * "Recent activity" on the account page (owners only): the account's newest authentication
 * events with who, when and from which address. Only ids, roles and addresses are ever stored.
 */
export function AuditEventsSection({ events, definitions }: { events: readonly AuditEvent[]; definitions: AuditDefinitions }) {
  return (
    <section class="rounded-lg border border-slate-200 bg-white p-8 shadow-sm" aria-labelledby="audit_events_heading">
      <h2 id="audit_events_heading" class="mb-4 text-lg font-semibold text-slate-900">
        Recent activity
      </h2>
      {events.length === 0 ? (
        <p class="text-sm text-slate-600">No activity recorded yet.</p>
      ) : (
        <table class="w-full text-left text-sm">
          <thead>
            <tr class="border-b border-slate-200">
              <th scope="col" class="py-2">When</th>
              <th scope="col" class="py-2">Event</th>
              <th scope="col" class="py-2">User</th>
              <th scope="col" class="py-2">IP address</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr class="border-b border-slate-200">
                <td class="py-2">
                  <time datetime={new Date(event.occurredAt).toISOString()}>{formatUtc(event.occurredAt)}</time>
                </td>
                <td class="py-2 break-words">
                  {labelByName(definitions, event.type)}
                  {describe(definitions, event) ? <span class="text-slate-600">{` (${describe(definitions, event)})`}</span> : null}
                </td>
                <td class="py-2 break-words">{event.userEmail ?? (event.userId === null && event.type !== 'sign_in.failed' ? 'a removed user' : '—')}</td>
                <td class="py-2 break-words">{event.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** The definition an audit row was written by: by its event's name, or by the older `type` it keeps. */
function definitionOf(definitions: AuditDefinitions, type: string) {
  return definitions.get(type) ?? [...definitions.values()].find((d) => d.type === type)
}

function labelByName(definitions: AuditDefinitions, type: string): string {
  return definitionOf(definitions, type)?.label ?? type
}

/** The few details worth a glance (the invited or removed address, the role change), as the event's definition says. */
function describe(definitions: AuditDefinitions, event: AuditEvent): string {
  return definitionOf(definitions, event.type)?.describe?.(event.details) ?? ''
}

function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
