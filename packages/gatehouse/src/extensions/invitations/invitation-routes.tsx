/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { byMethod, scopedFields } from '../api.ts'
import type { FieldErrors } from '../api.ts'
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
export function invitationRoutes(api: InvitationsKit, ctx: InvitationsContext, messages: InvitationsMessages): Hono {
  const app = new Hono()
  const notFound = (c: Context) => api.renderError(c, 404, api.messages.notFound)

  const renderNew = (c: Context, values: { email?: string; role: 'admin' | 'member' }, errors: FieldErrors, status: 200 | 422) =>
    api.render(c, { title: 'Invite a user', status, body: (csrfToken) => <NewInvitationPage csrfToken={csrfToken} messages={api.messages} values={values} errors={errors} /> })

  const renderAccept = (c: Context, token: string, invitation: PendingInvitation, errors: FieldErrors, status: 200 | 422) => {
    // The token is in this page's URL: never send it to another site in a Referer.
    c.header('Referrer-Policy', 'no-referrer')
    return api.render(c, {
      title: 'Accept invitation',
      status,
      body: (csrfToken) => <AcceptInvitationPage csrfToken={csrfToken} messages={api.messages} token={token} invitation={invitation} errors={errors} />,
    })
  }

  const invalid = (c: Context) => {
    api.flash(c, { error: `${messages.invalidInvitation} ${messages.invalidInvitationExplanation}` })
    return c.redirect('/session/new', 302)
  }

  app.get('/invitations/new', (c) => {
    const user = c.get('currentUser')
    if (!user) return api.redirectToSignIn(c)
    return mayInvite(user.role) ? renderNew(c, { role: 'member' }, {}, 200) : notFound(c)
  })

  async function create(c: Context) {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return api.redirectToSignIn(c)
    const fields = scopedFields(c.get('form'), 'user')
    if (mayInvite(user.role)) {
      // Per inviter and per invited address (whoever invites it): no inbox bombing, no spam relay.
      const limited = (await api.rateLimit(c, 'invitation.create', { email: fields.email })) ?? (await api.rateLimit(c, 'invitation.create_by_inviter', { email: user.email }))
      if (limited) return limited
    }
    const result = await inviteUser(ctx.actingFrom(api.auditOrigin(c)), user, account, fields)
    if (!result.ok) {
      if (!('errors' in result)) return notFound(c)
      const role = canonicalRole(fields.role ?? '')
      return renderNew(c, { email: fields.email ?? '', role: role === 'admin' ? 'admin' : 'member' }, result.errors, 422)
    }
    api.mail.flush()
    api.flash(c, { info: messages.invitationEmailSent })
    return c.redirect('/account', 302)
  }
  app.on(['POST'], '/invitations', byMethod({ POST: create }))

  app.get('/invitations/:token/edit', async (c) => {
    if (c.get('currentUser')) return api.redirectSignedIn(c)
    const token = c.req.param('token')
    const invitation = await findPendingInvitation(ctx, token)
    return invitation ? renderAccept(c, token, invitation, {}, 200) : invalid(c)
  })

  async function accept(c: Context) {
    if (c.get('currentUser')) return api.redirectSignedIn(c)
    const token = c.req.param('token') ?? ''
    const limited = await api.rateLimit(c, 'invitation.accept', { token })
    if (limited) return limited
    const result = await acceptInvitation(ctx.actingFrom(api.auditOrigin(c)), token, scopedFields(c.get('form'), 'user'))
    if (!result.ok) return 'errors' in result ? renderAccept(c, token, result.invitation, result.errors, 422) : invalid(c)
    await api.startSession(c, result.user)
    if (messages.invitationAccepted) api.flash(c, { info: messages.invitationAccepted })
    return c.redirect('/', 302)
  }
  app.on(['POST', 'PATCH', 'PUT'], '/invitations/:token', byMethod({ PATCH: accept, PUT: accept }))
  return app
}
