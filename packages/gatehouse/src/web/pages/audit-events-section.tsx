/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { AuditDefinitions, AuditEvent } from '../../audit/index.ts'
import { CARD_CLASS, CELL_CLASS, StackedTable } from './components.tsx'

/**
 * "Recent activity" on the account page (owners only): the account's newest authentication
 * events with who, when and from which address. Only ids, roles and addresses are ever stored.
 */
export function AuditEventsSection({ events, definitions }: { events: readonly AuditEvent[]; definitions: AuditDefinitions }) {
  return (
    <section class={CARD_CLASS} aria-labelledby="audit_events_heading">
      <h2 id="audit_events_heading" class="mb-4 text-lg font-semibold text-slate-900">
        Recent activity
      </h2>
      {events.length === 0 ? (
        <p class="text-sm text-slate-600">No activity recorded yet.</p>
      ) : (
        <StackedTable columns={['When', 'Event', 'User', 'IP address']}>
          {events.map((event) => (
            <tr class="border-b border-slate-200">
              <td class={`${CELL_CLASS} whitespace-nowrap`} data-label="When">
                <time datetime={new Date(event.occurredAt).toISOString()}>{formatUtc(event.occurredAt)}</time>
              </td>
              <td class={CELL_CLASS} data-label="Event">
                {labelByName(definitions, event.type)}
                {describe(definitions, event) ? <span class="text-slate-600">{` (${describe(definitions, event)})`}</span> : null}
              </td>
              <td class={CELL_CLASS} data-label="User">
                {event.userEmail ?? (event.userId === null && event.type !== 'sign_in.failed' ? 'a removed user' : '—')}
              </td>
              <td class={`${CELL_CLASS} whitespace-nowrap`} data-label="IP address">
                {event.ip ?? '—'}
              </td>
            </tr>
          ))}
        </StackedTable>
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
