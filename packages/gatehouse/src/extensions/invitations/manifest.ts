import type { ExtensionManifest } from '../api.ts'
import type { InvitationsEvents } from './events.ts'
import { invitationsMigrations } from './migrations.ts'
import type { InvitationsReads, InvitationsTables } from './tables.ts'
import { INVITATIONS_EVENT_DEFINITIONS } from './events.ts'

const HOUR = 60 * 60_000

/** What Gatehouse's core and CLI read about invitations (no code runs here). */
export const INVITATIONS_MANIFEST = {
  name: 'invitations',
  usesMail: true,
  migrations: invitationsMigrations,
  tables: ['invitations'],
  reads: ['users', 'accounts'],
  events: INVITATIONS_EVENT_DEFINITIONS,
  rateLimits: {
    /** `POST /invitations`: per inviting client and per invited address (whichever account invites it). */
    'invitation.create': { policy: { ip: { limit: 60, windowMs: HOUR }, email: { limit: 3, windowMs: HOUR } }, envStem: 'INVITATION' },
    /** `POST /invitations` per inviter (keyed by the signed-in inviter's email). */
    'invitation.create_by_inviter': { policy: { email: { limit: 30, windowMs: HOUR } }, envStem: 'INVITATION_BY_INVITER' },
    /** `PATCH /invitations/:token` (the invitee chooses a password). */
    'invitation.accept': { policy: { ip: { limit: 20, windowMs: HOUR }, token: { limit: 10, windowMs: HOUR } }, envStem: 'INVITATION_ACCEPT' },
  },
  routes: [
    { method: 'GET', path: '/invitations/new', name: 'invitations.new', access: 'owner or admin' },
    { method: 'POST', path: '/invitations', name: 'invitations.create', access: 'owner or admin' },
    { method: 'GET', path: '/invitations/:token/edit', name: 'invitations.edit', access: 'link holder' },
    { method: 'POST', path: '/invitations/:token', name: 'invitations.update', access: 'link holder', overrideCarrier: true },
    { method: 'PATCH', path: '/invitations/:token', name: 'invitations.update', access: 'link holder' },
    { method: 'PUT', path: '/invitations/:token', name: 'invitations.update', access: 'link holder' },
    { method: 'GET', path: '/account', name: 'account.show', access: 'signed in' },
    { method: 'POST', path: '/account/members/:id', name: 'account_members.update', access: 'owner', overrideCarrier: true },
    { method: 'PATCH', path: '/account/members/:id', name: 'account_members.update', access: 'owner' },
    { method: 'PUT', path: '/account/members/:id', name: 'account_members.update', access: 'owner' },
    { method: 'DELETE', path: '/account/members/:id', name: 'account_members.delete', access: 'owner or admin' },
    { method: 'GET', path: '/account/members/:id/remove', name: 'account_members.confirm_delete', access: 'owner or admin' },
    { method: 'POST', path: '/account', name: 'account.delete', access: 'owner', overrideCarrier: true },
    { method: 'DELETE', path: '/account', name: 'account.delete', access: 'owner' },
    { method: 'GET', path: '/account/delete', name: 'account.confirm_delete', access: 'owner' },
  ],
} as const satisfies ExtensionManifest<InvitationsTables, InvitationsEvents, InvitationsReads>
