import type { ExtensionApi, Role } from '../api.ts'
import type { InvitableRole } from './roles.ts'

/**
 * What the invitations extension reports after each change commits, for an audit log:
 * `invitations({ onEvent })`. Ids are database ids; no token or password ever appears.
 */
export type InvitationsEvent =
  | {
      readonly type: 'invitation.requested'
      readonly accountId: number
      readonly actorId: number
      readonly email: string
      readonly role: InvitableRole
      /** `existing_user`: the address already had a user, so nothing was stored. */
      readonly outcome: 'invited' | 'existing_user'
    }
  | { readonly type: 'invitation.accepted'; readonly accountId: number; readonly userId: number; readonly email: string; readonly role: InvitableRole }
  | { readonly type: 'member.role_changed'; readonly accountId: number; readonly actorId: number; readonly userId: number; readonly from: Role; readonly to: Role }
  | { readonly type: 'member.removed'; readonly accountId: number; readonly actorId: number; readonly userId: number; readonly email: string; readonly role: Role }
  | { readonly type: 'account.deleted'; readonly accountId: number; readonly actorId: number; readonly userIds: readonly number[] }

export type InvitationsEventListener = (event: InvitationsEvent) => void | Promise<void>

/**
 * Calls the app's listener; a failing listener is logged and never undoes or blocks the change.
 *
 * @example
 * const notify = eventNotifier(options.onEvent)
 * await notify({ type: 'account.deleted', accountId, actorId, userIds })
 */
export function eventNotifier(listener: InvitationsEventListener | undefined): (event: InvitationsEvent) => Promise<void> {
  return async function notify(event) {
    if (!listener) return
    try {
      await listener(event)
    } catch (error) {
      console.error(`[gatehouse] invitations ${event.type} listener failed:`, error)
    }
  }
}

/**
 * Passes each event to Gatehouse's event bus first (where the audit log records it, whatever
 * the app's `onEvent`), then to `notify`.
 *
 * @example
 * notify: announcedOnBus(api.events, eventNotifier(options.onEvent))
 */
export function announcedOnBus(events: ExtensionApi['events'], notify: (event: InvitationsEvent) => Promise<void>): (event: InvitationsEvent) => Promise<void> {
  return async function announce(event) {
    await emitOnBus(events, event)
    await notify(event)
  }
}

function emitOnBus(events: ExtensionApi['events'], event: InvitationsEvent): Promise<void> {
  switch (event.type) {
    case 'invitation.requested':
      return events.emit('invitationSent', { accountId: event.accountId, actorId: event.actorId, email: event.email, role: event.role })
    case 'invitation.accepted':
      return events.emit('invitationAccepted', { accountId: event.accountId, userId: event.userId, email: event.email, role: event.role })
    case 'member.role_changed':
      return events.emit('memberRoleChanged', { accountId: event.accountId, actorId: event.actorId, userId: event.userId, from: event.from, to: event.to })
    case 'member.removed':
      return events.emit('memberRemoved', { accountId: event.accountId, actorId: event.actorId, userId: event.userId, email: event.email, role: event.role })
    case 'account.deleted':
      return events.emit('accountDeleted', { accountId: event.accountId, actorId: event.actorId, userIds: event.userIds })
  }
}
