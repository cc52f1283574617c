/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { byMethod, formatFieldError, scopedFields } from '../api.ts'
import type { Account, ExtensionRoute, FieldErrors, GatehouseRequest, User } from '../api.ts'
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
export function accountRoutes(api: InvitationsKit, ctx: InvitationsContext, messages: InvitationsMessages): ExtensionRoute[] {
  const notFound = (req: GatehouseRequest) => api.renderError(req, 404, api.messages.notFound)

  async function renderAccount(req: GatehouseRequest, user: User, account: Account, status: 200 | 422, errors: { member?: MemberError } = {}) {
    const members = await listMembers(ctx.db, account.id)
    const invitations = mayInvite(user.role) ? await listOutstandingInvitations(ctx, account.id) : []
    const sections = await api.accountPageSections(req, user, account)
    return api.render(req, {
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
  function respondRefused(req: GatehouseRequest, user: User, account: Account, memberId: number, result: Exclude<MemberChangeResult, { ok: true }>) {
    if ('errors' in result) {
      const text = (result.errors.role ?? []).map((e) => formatFieldError(api.messages, e)).join(', ')
      return renderAccount(req, user, account, 422, { member: { memberId, text } })
    }
    if (result.reason === 'not_found') return notFound(req)
    const text = result.reason === 'last_owner' ? messages.lastOwner : messages.cannotRemoveYourself
    return renderAccount(req, user, account, 422, { member: { memberId, text } })
  }

  /** Runs a change to one member of the signed-in user's account and answers it. */
  function memberAction(change: (acting: InvitationsContext, user: User, memberId: number, fields: Record<string, string>) => Promise<MemberChangeResult>, done: string) {
    return async function memberActionHandler(req: GatehouseRequest) {
      const user = req.currentUser
      const account = req.currentAccount
      if (!user || !account) return api.redirectToSignIn(req)
      const id = req.params.id ?? ''
      if (!MEMBER_ID.test(id)) return notFound(req)
      const memberId = Number(id)
      const result = await change(ctx.actingFrom(api.auditOrigin(req)), user, memberId, scopedFields(req.form, 'user'))
      if (!result.ok) return respondRefused(req, user, account, memberId, result)
      api.flash(req, { info: done })
      return api.redirect(req, '/account')
    }
  }

  function showAccount(req: GatehouseRequest) {
    const user = req.currentUser
    const account = req.currentAccount
    if (!user || !account) return api.redirectToSignIn(req)
    return renderAccount(req, user, account, 200)
  }

  async function showRemoveMember(req: GatehouseRequest) {
    const user = req.currentUser
    const account = req.currentAccount
    if (!user || !account) return api.redirectToSignIn(req)
    const id = req.params.id ?? ''
    const member = MEMBER_ID.test(id) ? await findRemovableMember(ctx.db, user, Number(id)) : null
    if (!member) return notFound(req)
    return api.render(req, { title: 'Remove a user', body: (csrfToken) => <RemoveMemberPage csrfToken={csrfToken} account={account} member={member} /> })
  }

  const changeRole = memberAction((acting, user, memberId, fields) => changeMemberRole(acting, user, memberId, fields), messages.memberRoleChanged)
  const remove = memberAction((acting, user, memberId) => removeMember(acting, user, memberId), messages.memberRemoved)

  /** The confirmation step of `DELETE /account`, and its answer when the password is refused. */
  async function renderDelete(req: GatehouseRequest, account: Account, errors: FieldErrors, status: 200 | 422) {
    const members = await listMembers(ctx.db, account.id)
    const invitations = await listOutstandingInvitations(ctx, account.id)
    return api.render(req, {
      title: `Delete ${account.name}`,
      status,
      body: (csrfToken) => <DeleteAccountPage csrfToken={csrfToken} messages={api.messages} account={account} members={members} invitations={invitations} errors={errors} />,
    })
  }

  function showDeleteAccount(req: GatehouseRequest) {
    const user = req.currentUser
    const account = req.currentAccount
    if (!user || !account) return api.redirectToSignIn(req)
    return user.role === 'owner' ? renderDelete(req, account, {}, 200) : notFound(req)
  }

  async function destroy(req: GatehouseRequest) {
    const user = req.currentUser
    const account = req.currentAccount
    if (!user || !account) return api.redirectToSignIn(req)
    const fields = scopedFields(req.form, 'user')
    // Only an owner's password is checked; it shares the budget of every other password check.
    const checksPassword = user.role === 'owner' && typeof fields.current_password === 'string' && fields.current_password !== ''
    if (checksPassword) {
      const limited = await api.rateLimit(req, 'password.check', { email: user.email })
      if (limited) return limited
    }
    const result = await deleteAccount(ctx.actingFrom(api.auditOrigin(req)), user, fields)
    if (checksPassword && (result.ok || !('errors' in result))) await api.forgetPasswordFailures(user.email)
    if (!result.ok) return 'errors' in result ? renderDelete(req, account, result.errors, 422) : notFound(req)
    await api.endSession(req)
    api.flash(req, { info: messages.accountDeleted })
    return api.redirect(req, '/session/new')
  }

  return [
    { method: 'GET', path: '/account', handle: showAccount },
    { method: 'GET', path: '/account/members/:id/remove', handle: showRemoveMember },
    { method: ['PATCH', 'PUT', 'DELETE'], path: '/account/members/:id', handle: byMethod({ PATCH: changeRole, PUT: changeRole, DELETE: remove }) },
    { method: 'GET', path: '/account/delete', handle: showDeleteAccount },
    { method: 'DELETE', path: '/account', handle: destroy },
  ]
}
