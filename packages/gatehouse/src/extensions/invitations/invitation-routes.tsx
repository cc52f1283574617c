/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { scopedFields } from '../api.ts'
import type { ExtensionRoute, FieldErrors, GatehouseRequest } from '../api.ts'
import { acceptInvitation, findPendingInvitation } from './accept-invitation.ts'
import type { PendingInvitation } from './accept-invitation.ts'
import type { InvitationsContext } from './context.ts'
import { AcceptInvitationPage, NewInvitationPage } from './invitation-pages.tsx'
import { inviteUser } from './invite-user.ts'
import type { InvitationsMessages } from './messages.ts'
import { canonicalRole, mayInvite } from './roles.ts'
import type { InvitationsKit } from './tables.ts'

/**
 * `GET /invitations/new`, `POST /invitations` (owners and admins; anyone else gets 404), and
 * the invitee's `GET /invitations/:token/edit`, `PATCH /invitations/:token` (signed-in
 * visitors are sent to `/` and the invitation stays unused).
 */
export function invitationRoutes(api: InvitationsKit, ctx: InvitationsContext, messages: InvitationsMessages): ExtensionRoute[] {
  const notFound = (req: GatehouseRequest) => api.renderError(req, 404, api.messages.notFound)

  const renderNew = (req: GatehouseRequest, values: { email?: string; role: 'admin' | 'member' }, errors: FieldErrors, status: 200 | 422) =>
    api.render(req, { title: 'Invite a user', status, body: (csrfToken) => <NewInvitationPage csrfToken={csrfToken} messages={api.messages} values={values} errors={errors} /> })

  const renderAccept = (req: GatehouseRequest, token: string, invitation: PendingInvitation, errors: FieldErrors, status: 200 | 422) => {
    // The token is in this page's URL: never send it to another site in a Referer.
    api.header(req, 'Referrer-Policy', 'no-referrer')
    return api.render(req, {
      title: 'Accept invitation',
      status,
      body: (csrfToken) => <AcceptInvitationPage csrfToken={csrfToken} messages={api.messages} token={token} invitation={invitation} errors={errors} />,
    })
  }

  const invalid = (req: GatehouseRequest) => {
    api.flash(req, { error: `${messages.invalidInvitation} ${messages.invalidInvitationExplanation}` })
    return api.redirect(req, '/session/new')
  }

  function showNewInvitation(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return api.redirectToSignIn(req)
    return mayInvite(user.role) ? renderNew(req, { role: 'member' }, {}, 200) : notFound(req)
  }

  async function create(req: GatehouseRequest) {
    const user = req.currentUser
    const account = req.currentAccount
    if (!user || !account) return api.redirectToSignIn(req)
    const fields = scopedFields(req.form, 'user')
    if (mayInvite(user.role)) {
      // Per inviter and per invited address (whoever invites it): no inbox bombing, no spam relay.
      const limited = (await api.rateLimit(req, 'invitation.create', { email: fields.email })) ?? (await api.rateLimit(req, 'invitation.create_by_inviter', { email: user.email }))
      if (limited) return limited
    }
    const result = await inviteUser(ctx.actingFrom(api.auditOrigin(req)), user, account, fields)
    if (!result.ok) {
      if (!('errors' in result)) return notFound(req)
      const role = canonicalRole(fields.role ?? '')
      return renderNew(req, { email: fields.email ?? '', role: role === 'admin' ? 'admin' : 'member' }, result.errors, 422)
    }
    api.mail.flush()
    api.flash(req, { info: messages.invitationEmailSent })
    return api.redirect(req, '/account')
  }

  async function showInvitation(req: GatehouseRequest) {
    if (req.currentUser) return api.redirectSignedIn(req)
    const token = req.params.token ?? ''
    const invitation = await findPendingInvitation(ctx, token)
    return invitation ? renderAccept(req, token, invitation, {}, 200) : invalid(req)
  }

  async function accept(req: GatehouseRequest) {
    if (req.currentUser) return api.redirectSignedIn(req)
    const token = req.params.token ?? ''
    const limited = await api.rateLimit(req, 'invitation.accept', { token })
    if (limited) return limited
    const result = await acceptInvitation(ctx.actingFrom(api.auditOrigin(req)), token, scopedFields(req.form, 'user'))
    if (!result.ok) return 'errors' in result ? renderAccept(req, token, result.invitation, result.errors, 422) : invalid(req)
    await api.startSession(req, result.user)
    if (messages.invitationAccepted) api.flash(req, { info: messages.invitationAccepted })
    return api.redirect(req, '/')
  }

  return [
    { method: 'GET', path: '/invitations/new', handle: showNewInvitation },
    { method: 'POST', path: '/invitations', handle: create },
    { method: 'GET', path: '/invitations/:token/edit', handle: showInvitation },
    { method: ['PATCH', 'PUT'], path: '/invitations/:token', handle: accept },
  ]
}
