/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { AuditEvent, AuditEventType } from '../../audit/index.ts'
import { CARD_CLASS, CELL_CLASS, StackedTable } from './components.tsx'

/** How each event reads on the account page. */
const LABELS: Record<AuditEventType, string> = {
  'account.registered': 'Account registered',
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed sign-in',
  sign_out: 'Signed out',
  'password.changed': 'Password changed',
  'password.reset': 'Password reset by email link',
  'email.changed': 'Email changed',
  'invitation.sent': 'Invitation sent',
  'invitation.accepted': 'Invitation accepted',
  'member.role_changed': 'Role changed',
  'member.removed': 'Member removed',
  'user.deleted': 'User deleted their registration',
  'account.deleted': 'Account deleted',
}

/**
 * "Recent activity" on the account page (owners only): the account's newest authentication
 * events with who, when and from which address. Only ids, roles and addresses are ever stored.
 */
export function AuditEventsSection({ events }: { events: readonly AuditEvent[] }) {
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
                {LABELS[event.type] ?? event.type}
                {describe(event) ? <span class="text-slate-600">{` (${describe(event)})`}</span> : null}
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

/** The few details worth a glance: the invited or removed address, the role change. */
function describe(event: AuditEvent): string {
  const { details } = event
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : null)
  switch (event.type) {
    case 'invitation.sent':
    case 'invitation.accepted':
    case 'member.removed':
      return [text('email'), text('role') ? `as ${text('role')}` : null].filter(Boolean).join(' ')
    case 'member.role_changed':
      return `${text('from') ?? '?'} → ${text('to') ?? '?'}`
    case 'email.changed':
      return `${text('from') ?? '?'} → ${text('to') ?? '?'}`
    case 'user.deleted':
      return text('email') ?? ''
    default:
      return ''
  }
}

function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
