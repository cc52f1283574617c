/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { describeLinkLifetime, UNKNOWN_ORIGIN } from '../api.ts'
import type { AuditOrigin, GatehouseExtension } from '../api.ts'
import type { InvitationsKit, InvitationsTables } from './tables.ts'
import { accountRoutes } from './account-routes.tsx'
import { AccountNavLink } from './components.tsx'
import type { InvitationsContext } from './context.ts'
import { INVITATIONS_EVENT_TYPES } from './events.ts'
import { INVITATIONS_MANIFEST } from './manifest.ts'
import type { InvitationsEvent, InvitationsEventListener, InvitationsEvents } from './events.ts'
import { invitationRoutes } from './invitation-routes.tsx'
import { existingUserMail, invitationMail } from './mails.ts'
import { DEFAULT_INVITATIONS_MESSAGES } from './messages.ts'
import type { InvitationsMessages } from './messages.ts'

const DAY = 24 * 60 * 60_000

export interface InvitationsOptions {
  /** How long an invitation link works (default 7 days). */
  readonly ttlMs?: number
  readonly messages?: Partial<InvitationsMessages>
  /**
   * Mail a short notice (no link that does anything) to an address that already has a user
   * when someone invites it (default true). Off, such an invitation sends nothing at all.
   */
  readonly mailExistingUsers?: boolean
  /** Called after each committed change (invite, accept, role change, removal, deletion): an audit hook. */
  readonly onEvent?: InvitationsEventListener
}

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
export function invitations(options: InvitationsOptions = {}): GatehouseExtension<InvitationsTables, InvitationsEvents> {
  const messages: InvitationsMessages = Object.freeze({ ...DEFAULT_INVITATIONS_MESSAGES, ...options.messages })
  const ttlMs = options.ttlMs ?? 7 * DAY
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`invitations: ttlMs must be a positive whole number of milliseconds, got ${ttlMs}`)
  return {
    ...INVITATIONS_MANIFEST,
    setup(api) {
      const { onEvent } = options
      if (onEvent) for (const type of INVITATIONS_EVENT_TYPES) api.events.on(type, (event) => onEvent(event as InvitationsEvent))
      const ctx = invitationsContext(api, messages, { ttlMs, mailExistingUsers: options.mailExistingUsers ?? true })
      const routes = new Hono()
      routes.route('/', invitationRoutes(api, ctx, messages))
      routes.route('/', accountRoutes(api, ctx, messages))
      return { routes, slots: { navLinks: () => <AccountNavLink /> } }
    },
  }
}

function invitationsContext(
  api: InvitationsKit,
  messages: InvitationsMessages,
  settings: { ttlMs: number; mailExistingUsers: boolean },
  origin: AuditOrigin = UNKNOWN_ORIGIN,
): InvitationsContext {
  const { db, dialect, clock, passwords } = api
  return Object.freeze({
    db,
    dialect,
    clock,
    passwords,
    ttlMs: settings.ttlMs,
    mailer: {
      invitation: async (trx, to, token, inviter, account) =>
        api.mail.enqueue(
          trx,
          await invitationMail({ to, inviter: inviter.email, accountName: account.name, url: api.mail.link(`/invitations/${token}/edit`), lifetime: describeLinkLifetime(settings.ttlMs) }, messages),
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
