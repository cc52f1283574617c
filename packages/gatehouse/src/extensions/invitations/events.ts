import type { AuditDetails, EventDefinitions, GatehouseEvent, GatehouseEvents, Role } from '../api.ts'
import type { InvitableRole } from './roles.ts'

/**
 * The invitations extension's events (on Gatehouse's bus, in the audit log, and to
 * `invitations({ onEvent })`). Ids are database ids; no token or password ever appears.
 */
export interface InvitationsEvents {
  /** An owner or admin invited an address; `existing_user`: it already had a user, so nothing was stored. */
  'invitation.requested': {
    readonly accountId: number
    readonly actorId: number
    readonly email: string
    readonly role: InvitableRole
    readonly outcome: 'invited' | 'existing_user'
  }
  /** An invitation was accepted: a new user of the account, now signed in. */
  'invitation.accepted': { readonly accountId: number; readonly userId: number; readonly email: string; readonly role: InvitableRole }
  /** An owner changed a member's role. */
  'member.role_changed': { readonly accountId: number; readonly actorId: number; readonly userId: number; readonly from: Role; readonly to: Role }
  /** An owner or admin removed a member (the user is deleted). */
  'member.removed': { readonly accountId: number; readonly actorId: number; readonly userId: number; readonly email: string; readonly role: Role }
}

/** Every event the extension emits, as `onEvent` receives it (`account.deleted` is Gatehouse's own). */
export type InvitationsEvent = GatehouseEvent<InvitationsEvents & Pick<GatehouseEvents, 'account.deleted'>>

export type InvitationsEventListener = (event: InvitationsEvent) => void | Promise<void>

/** The names `onEvent` listens to. */
export const INVITATIONS_EVENT_TYPES: ReadonlyArray<InvitationsEvent['type']> = ['invitation.requested', 'invitation.accepted', 'member.role_changed', 'member.removed', 'account.deleted']

const asRole = (details: AuditDetails) =>
  [typeof details.email === 'string' ? details.email : null, typeof details.role === 'string' ? `as ${details.role}` : null].filter(Boolean).join(' ')

/** How the audit log records them. */
export const INVITATIONS_EVENT_DEFINITIONS: EventDefinitions<InvitationsEvents> = Object.freeze({
  'invitation.requested': {
    audit: {
      label: 'Invitation sent',
      // Rows were written as `invitation.sent` before the events were named once.
      type: 'invitation.sent',
      entry: ({ accountId, actorId, email, role }) => ({ accountId, userId: actorId, details: { email, role } }),
      describe: asRole,
    },
  },
  'invitation.accepted': {
    audit: { label: 'Invitation accepted', entry: ({ accountId, userId, email, role }) => ({ accountId, userId, details: { email, role } }), describe: asRole },
  },
  'member.role_changed': {
    audit: {
      label: 'Role changed',
      entry: ({ accountId, actorId, userId, from, to }) => ({ accountId, userId: actorId, details: { member_id: userId, from, to } }),
      describe: (details) => `${typeof details.from === 'string' ? details.from : '?'} → ${typeof details.to === 'string' ? details.to : '?'}`,
    },
  },
  'member.removed': {
    audit: {
      label: 'Member removed',
      entry: ({ accountId, actorId, userId, email, role }) => ({ accountId, userId: actorId, details: { member_id: userId, email, role } }),
      describe: asRole,
    },
  },
})
