import type { EventBus } from '../events.ts'
import type { AuditEntry } from './audit-entry.ts'

/**
 * Turns Gatehouse's events into audit entries and hands each to `record`. Only ids, roles and
 * addresses are passed on: the events carry no password, token or mail, and the entries add none.
 * A failed sign-in names the user only when the email belongs to one: a typed email that
 * matches nobody is not kept (people type their password into the email field).
 *
 * @example
 * subscribeAuditLog(context.events, (entry) => recordAuditEvent(db, clock, entry, currentAuditOrigin()))
 */
export function subscribeAuditLog(events: EventBus, record: (entry: AuditEntry) => Promise<void>): void {
  events.on('registered', ({ userId, accountId }) => record({ type: 'account.registered', accountId, userId, details: {} }))
  events.on('signedIn', ({ userId, accountId }) => record({ type: 'sign_in.succeeded', accountId, userId, details: {} }))
  events.on('signInFailed', ({ userId, accountId }) => record({ type: 'sign_in.failed', accountId, userId, details: {} }))
  events.on('signedOut', ({ userId, accountId }) => record({ type: 'sign_out', accountId, userId, details: {} }))
  events.on('passwordChanged', ({ userId, accountId, source }) =>
    record({ type: source === 'reset' ? 'password.reset' : 'password.changed', accountId, userId, details: {} }),
  )
  events.on('emailChanged', ({ userId, accountId, from, to }) => record({ type: 'email.changed', accountId, userId, details: { from, to } }))
  events.on('registrationDeleted', ({ userId, accountId, email, accountDeleted }) =>
    accountDeleted
      ? // The account's events went with it; only the fact of the deletion stays, unattached.
        record({ type: 'account.deleted', accountId: null, userId: null, details: { deleted_account_id: accountId, users: 1 } })
      : record({ type: 'user.deleted', accountId, userId: null, details: { member_id: userId, email } }),
  )
  events.on('invitationSent', ({ accountId, actorId, email, role }) => record({ type: 'invitation.sent', accountId, userId: actorId, details: { email, role } }))
  events.on('invitationAccepted', ({ accountId, userId, email, role }) => record({ type: 'invitation.accepted', accountId, userId, details: { email, role } }))
  events.on('memberRoleChanged', ({ accountId, actorId, userId, from, to }) =>
    record({ type: 'member.role_changed', accountId, userId: actorId, details: { member_id: userId, from, to } }),
  )
  events.on('memberRemoved', ({ accountId, actorId, userId, email, role }) =>
    record({ type: 'member.removed', accountId, userId: actorId, details: { member_id: userId, email, role } }),
  )
  events.on('accountDeleted', ({ accountId, userIds }) =>
    record({ type: 'account.deleted', accountId: null, userId: null, details: { deleted_account_id: accountId, users: userIds.length } }),
  )
}
