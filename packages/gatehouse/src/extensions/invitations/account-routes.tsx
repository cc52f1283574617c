/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { byMethod, formatFieldError, scopedFields } from '../api.ts'
import type { Account, FieldErrors, User } from '../api.ts'
import { AccountPage, DeleteAccountPage, RemoveMemberPage } from './account-page.tsx'
import type { MemberError } from './account-page.tsx'
import type { InvitationsContext } from './context.ts'
import { deleteAccount } from './delete-account.ts'
import { changeMemberRole, findRemovableMember, listMembers, listOutstandingInvitations, removeMember } from './members.ts'
import type { MemberChangeResult } from './members.ts'
import type { InvitationsMessages } from './messages.ts'
import { mayInvite } from './roles.ts'
import type { InvitationsKit } from './tables.ts'

const MEMBER_ID = /^[1-9][0-9]{0,14}$/

/**
 * `GET /account` (any signed-in user), `PATCH|DELETE /account/members/:id` and
 * `DELETE /account`. The account is always the signed-in user's own; a member id of another
 * account, or one the user may not act on, answers 404 like a missing one.
 */
export function accountRoutes(api: InvitationsKit, ctx: InvitationsContext, messages: InvitationsMessages): Hono {
  const app = new Hono()
  const notFound = (c: Context) => api.renderError(c, 404, api.messages.notFound)

  async function renderAccount(c: Context, user: User, account: Account, status: 200 | 422, errors: { member?: MemberError } = {}) {
    const members = await listMembers(ctx.db, account.id)
    const invitations = mayInvite(user.role) ? await listOutstandingInvitations(ctx, account.id) : []
    const sections = await api.accountPageSections(c, user, account)
    return api.render(c, {
      title: `Account ${account.name}`,
      status,
      body: (csrfToken) => (
        <AccountPage
          csrfToken={csrfToken}
          messages={api.messages}
          user={user}
          account={account}
          members={members}
          invitations={invitations}
          memberError={errors.member ?? null}
          sections={sections}
        />
      ),
    })
  }

  /** Turns a refused member change into the page's answer. */
  function respondRefused(c: Context, user: User, account: Account, memberId: number, result: Exclude<MemberChangeResult, { ok: true }>) {
    if ('errors' in result) {
      const text = (result.errors.role ?? []).map((e) => formatFieldError(api.messages, e)).join(', ')
      return renderAccount(c, user, account, 422, { member: { memberId, text } })
    }
    if (result.reason === 'not_found') return notFound(c)
    const text = result.reason === 'last_owner' ? messages.lastOwner : messages.cannotRemoveYourself
    return renderAccount(c, user, account, 422, { member: { memberId, text } })
  }

  /** Runs a change to one member of the signed-in user's account and answers it. */
  function memberAction(change: (acting: InvitationsContext, user: User, memberId: number, fields: Record<string, string>) => Promise<MemberChangeResult>, done: string) {
    return async function memberActionHandler(c: Context) {
      const user = c.get('currentUser')
      const account = c.get('currentAccount')
      if (!user || !account) return api.redirectToSignIn(c)
      const id = c.req.param('id') ?? ''
      if (!MEMBER_ID.test(id)) return notFound(c)
      const memberId = Number(id)
      const result = await change(ctx.actingFrom(api.auditOrigin(c)), user, memberId, scopedFields(c.get('form'), 'user'))
      if (!result.ok) return respondRefused(c, user, account, memberId, result)
      api.flash(c, { info: done })
      return c.redirect('/account', 302)
    }
  }

  app.get('/account', (c) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return api.redirectToSignIn(c)
    return renderAccount(c, user, account, 200)
  })

  app.get('/account/members/:id/remove', async (c) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return api.redirectToSignIn(c)
    const id = c.req.param('id')
    const member = MEMBER_ID.test(id) ? await findRemovableMember(ctx.db, user, Number(id)) : null
    if (!member) return notFound(c)
    return api.render(c, { title: 'Remove a user', body: (csrfToken) => <RemoveMemberPage csrfToken={csrfToken} account={account} member={member} /> })
  })

  const changeRole = memberAction((acting, user, memberId, fields) => changeMemberRole(acting, user, memberId, fields), messages.memberRoleChanged)
  const remove = memberAction((acting, user, memberId) => removeMember(acting, user, memberId), messages.memberRemoved)
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '/account/members/:id', byMethod({ PATCH: changeRole, PUT: changeRole, DELETE: remove }))

  /** The confirmation step of `DELETE /account`, and its answer when the password is refused. */
  async function renderDelete(c: Context, account: Account, errors: FieldErrors, status: 200 | 422) {
    const members = await listMembers(ctx.db, account.id)
    const invitations = await listOutstandingInvitations(ctx, account.id)
    return api.render(c, {
      title: `Delete ${account.name}`,
      status,
      body: (csrfToken) => <DeleteAccountPage csrfToken={csrfToken} messages={api.messages} account={account} members={members} invitations={invitations} errors={errors} />,
    })
  }

  app.get('/account/delete', (c) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return api.redirectToSignIn(c)
    return user.role === 'owner' ? renderDelete(c, account, {}, 200) : notFound(c)
  })

  async function destroy(c: Context) {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return api.redirectToSignIn(c)
    const fields = scopedFields(c.get('form'), 'user')
    // Only an owner's password is checked; it shares the budget of every other password check.
    const checksPassword = user.role === 'owner' && typeof fields.current_password === 'string' && fields.current_password !== ''
    if (checksPassword) {
      const limited = await api.rateLimit(c, 'password.check', { email: user.email })
      if (limited) return limited
    }
    const result = await deleteAccount(ctx.actingFrom(api.auditOrigin(c)), user, fields)
    if (checksPassword && (result.ok || !('errors' in result))) await api.forgetPasswordFailures(user.email)
    if (!result.ok) return 'errors' in result ? renderDelete(c, account, result.errors, 422) : notFound(c)
    await api.endSession(c)
    api.flash(c, { info: messages.accountDeleted })
    return c.redirect('/session/new', 302)
  }
  app.on(['POST', 'DELETE'], '/account', byMethod({ DELETE: destroy }))
  return app
}
