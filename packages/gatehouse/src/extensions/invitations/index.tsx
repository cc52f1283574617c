/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { describeLinkLifetime, UNKNOWN_ORIGIN } from '../api.ts'
import type { AuditOrigin, GatehouseExtension } from '../api.ts'
import type { InvitationsKit, InvitationsReads, InvitationsTables } from './tables.ts'
import { accountRoutes } from './account-routes.tsx'
import { AccountNavLink } from './components.tsx'
import type { InvitationsContext } from './context.ts'
import { INVITATIONS_EVENT_TYPES } from './events.ts'
import { INVITATIONS_MANIFEST } from './manifest.ts'
import type { InvitationsEvent, InvitationsEvents } from './events.ts'
import { invitationRoutes } from './invitation-routes.tsx'
import { existingUserMail, invitationMail } from './mails.ts'
import type { InvitationsMessages } from './messages.ts'
import { resolveInvitationsSettings } from './settings.ts'
import type { InvitationsOptions, InvitationsSettings } from './settings.ts'

export type { InvitationsOptions } from './settings.ts'

/**
 * Invitations and account membership (Pow's PowInvitation, plus an account page):
 * owners and admins invite by email with a role (`/invitations/new`, `POST /invitations`);
 * the invitee opens the mailed link (`GET /invitations/:token/edit`), chooses a password
 * (`PATCH /invitations/:token`) and is signed in as a user of the inviting account.
 * `GET /account` lists the members; owners change roles (`PATCH /account/members/:id`),
 * owners and admins remove people (`DELETE /account/members/:id`), and owners delete the
 * whole account with their password (`DELETE /account`). Adds an "Account" navigation link.
 *
 * Tokens carry 256 bits, are stored as SHA-256 only, expire (7 days) and are claimed
 * atomically in the transaction that creates the user. Inviting an address that already has
 * a user answers exactly like a new one and stores nothing.
 *
 * @example
 * createGatehouse({ ...options, extensions: [resetPassword(), invitations()] })
 */
export function invitations(options: InvitationsOptions = {}): GatehouseExtension<InvitationsTables, InvitationsEvents, InvitationsReads> {
  const settings = resolveInvitationsSettings(options)
  const { messages, onEvent } = settings
  return {
    ...INVITATIONS_MANIFEST,
    setup(api) {
      if (onEvent) for (const type of INVITATIONS_EVENT_TYPES) api.events.on(type, (event) => onEvent(event as InvitationsEvent))
      const ctx = invitationsContext(api, messages, settings)
      const routes = [...invitationRoutes(api, ctx, messages), ...accountRoutes(api, ctx, messages)]
      return { routes, slots: { navLinks: () => <AccountNavLink /> } }
    },
  }
}

function invitationsContext(
  api: InvitationsKit,
  messages: InvitationsMessages,
  settings: InvitationsSettings,
  origin: AuditOrigin = UNKNOWN_ORIGIN,
): InvitationsContext {
  const { db, dialect, clock, passwords } = api
  return Object.freeze({
    db,
    dialect,
    clock,
    passwords,
    tokenTtlMs: settings.tokenTtlMs,
    mailer: {
      invitation: async (trx, to, token, inviter, account) =>
        api.mail.enqueue(
          trx,
          await invitationMail({ to, inviter: inviter.email, accountName: account.name, url: api.mail.link(`/invitations/${token}/edit`), lifetime: describeLinkLifetime(settings.tokenTtlMs) }, messages),
        ),
      async existingUser(trx, to, inviter, account) {
        if (settings.mailExistingUsers) await api.mail.enqueue(trx, await existingUserMail(to, inviter.email, account.name, api.mail.link('/session/new'), messages))
      },
    },
    revokeSessions: (userId) => api.sessions.revokeUser(userId, origin),
    async notify({ type, ...payload }) {
      await api.events.emit(type, payload as never, origin)
    },
    actingFrom: (from) => invitationsContext(api, messages, settings, from),
  } satisfies InvitationsContext)
}

export type { InvitationsMessages } from './messages.ts'
export type { InvitationRow, InvitationsTables } from './tables.ts'
export { DEFAULT_INVITATIONS_MESSAGES } from './messages.ts'
export type { InvitationsEvent, InvitationsEventListener, InvitationsEvents } from './events.ts'
