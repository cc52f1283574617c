/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import { CARD_CLASS, CELL_CLASS, ConfirmationCard, CsrfField, DANGER_BUTTON_CLASS, Field, FormAlert, MethodField, StackedTable } from '../api.ts'
import type { Account, FieldErrors, Messages, User } from '../api.ts'
import { RoleSelect } from './components.tsx'
import type { Member, OutstandingInvitation } from './members.ts'
import { mayChangeRoles, mayInvite, mayRemove } from './roles.ts'

/** A refused change to one member, shown on that member's row. */
export interface MemberError {
  readonly memberId: number
  readonly text: string
}

export interface AccountPageProps {
  readonly csrfToken: string
  readonly messages: Messages
  readonly user: User
  readonly account: Account
  readonly members: readonly Member[]
  /** Shown to those who may invite; empty otherwise. */
  readonly invitations: readonly OutstandingInvitation[]
  readonly memberError?: MemberError | null
  /** What Gatehouse and other extensions add (the owners' recent activity), under the members. */
  readonly sections?: readonly Child[]
}

const SECTION = CARD_CLASS
const SMALL_BUTTON = 'whitespace-nowrap rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50'
const DANGER_BUTTON = `inline-block whitespace-nowrap ${DANGER_BUTTON_CLASS}`

/**
 * `GET /account`: the account's members with their roles (owners change roles and remove
 * people; admins remove members), outstanding invitations for those who may invite, and the
 * owner's "delete the account" form.
 */
export function AccountPage(props: AccountPageProps) {
  const { csrfToken, messages, user, account, members, invitations, memberError = null, sections = [] } = props
  const hasErrors = memberError !== null
  return (
    <div class="space-y-8">
      <section class={SECTION} aria-labelledby="account_heading">
        <div class="mb-6 flex flex-wrap items-center justify-between gap-4">
          <h1 id="account_heading" class="min-w-0 text-2xl font-bold text-slate-900">
            {account.name}
          </h1>
          {mayInvite(user.role) ? (
            <a href="/invitations/new" class="whitespace-nowrap rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700">
              Invite a user
            </a>
          ) : null}
        </div>
        <FormAlert show={hasErrors} messages={messages} />
        <MembersTable csrfToken={csrfToken} user={user} members={members} memberError={memberError} />
      </section>
      {mayInvite(user.role) ? <InvitationsList invitations={invitations} /> : null}
      {sections}
      {user.role === 'owner' ? <DeleteAccountSection account={account} /> : null}
    </div>
  )
}

function MembersTable({ csrfToken, user, members, memberError }: { csrfToken: string; user: User; members: readonly Member[]; memberError: MemberError | null }) {
  const mayAct = mayChangeRoles(user.role) || user.role === 'admin'
  return (
    <StackedTable caption="Members" columns={mayAct ? ['Email', 'Role', 'Actions'] : ['Email', 'Role']}>
      {members.map((member) => (
        <MemberRow csrfToken={csrfToken} user={user} member={member} mayAct={mayAct} error={memberError?.memberId === member.id ? memberError.text : null} />
      ))}
    </StackedTable>
  )
}

function MemberRow({ csrfToken, user, member, mayAct, error }: { csrfToken: string; user: User; member: Member; mayAct: boolean; error: string | null }) {
  const isYou = member.id === user.id
  const errorId = `member_${member.id}_error`
  return (
    <tr class="border-b border-slate-200">
      <td class={CELL_CLASS} data-label="Email">
        {member.email}
        {isYou ? <span class="text-slate-600"> (you)</span> : null}
      </td>
      <td class={CELL_CLASS} data-label="Role">
        {mayChangeRoles(user.role) ? (
          <form action={`/account/members/${member.id}`} method="post" class="flex flex-wrap items-start gap-2">
            <CsrfField token={csrfToken} />
            <MethodField method="patch" />
            <div class="min-w-32">
              <RoleSelect id={`member_${member.id}_role`} roles={['owner', 'admin', 'member']} selected={member.role} label={{ hidden: `Role of ${member.email}` }} error={error} errorId={errorId} />
            </div>
            <button type="submit" class={SMALL_BUTTON}>
              Change role
            </button>
          </form>
        ) : (
          <>
            {member.role}
            {error ? (
              <p id={errorId} class="mt-2 text-sm text-red-700">
                {error}
              </p>
            ) : null}
          </>
        )}
      </td>
      {mayAct ? (
        <td class={CELL_CLASS} data-label={!isYou && mayRemove(user.role, member.role) ? 'Actions' : undefined}>
          {!isYou && mayRemove(user.role, member.role) ? (
            <a href={`/account/members/${member.id}/remove`} class={DANGER_BUTTON} aria-label={`Remove ${member.email}…`}>
              Remove…
            </a>
          ) : null}
        </td>
      ) : null}
    </tr>
  )
}

function InvitationsList({ invitations }: { invitations: readonly OutstandingInvitation[] }) {
  return (
    <section class={SECTION} aria-labelledby="invitations_heading">
      <h2 id="invitations_heading" class="mb-4 text-lg font-semibold text-slate-900">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p class="text-sm text-slate-600">No pending invitations.</p>
      ) : (
        <StackedTable columns={['Email', 'Role', 'Expires']}>
          {invitations.map((invitation) => (
            <tr class="border-b border-slate-200">
              <td class={CELL_CLASS} data-label="Email">
                {invitation.email}
              </td>
              <td class={CELL_CLASS} data-label="Role">
                {invitation.role}
              </td>
              <td class={`${CELL_CLASS} whitespace-nowrap`} data-label="Expires">
                <time datetime={new Date(invitation.expiresAt).toISOString()}>{formatUtc(invitation.expiresAt)}</time>
              </td>
            </tr>
          ))}
        </StackedTable>
      )}
    </section>
  )
}

function DeleteAccountSection({ account }: { account: Account }) {
  return (
    <section class={`${SECTION} border-red-200`} aria-labelledby="delete_account_heading">
      <h2 id="delete_account_heading" class="mb-2 text-lg font-semibold text-red-800">
        Delete account
      </h2>
      <p class="mb-4 text-sm text-slate-700">
        Deletes <strong>{account.name}</strong> with every user and all its data. The next page says exactly what will be deleted and asks for your password.
      </p>
      <a href="/account/delete" class={DANGER_BUTTON}>
        Delete the account…
      </a>
    </section>
  )
}

export interface DeleteAccountPageProps {
  readonly csrfToken: string
  readonly messages: Messages
  readonly account: Account
  readonly members: readonly Member[]
  readonly invitations: readonly OutstandingInvitation[]
  readonly errors: FieldErrors
}

/**
 * `GET /account/delete` (owners): the step before `DELETE /account`, saying who and what goes
 * with the account; the current password confirms it. A refused password comes back here.
 */
export function DeleteAccountPage({ csrfToken, messages, account, members, invitations, errors }: DeleteAccountPageProps) {
  const others = members.length - 1
  return (
    <ConfirmationCard
      title={`Delete ${account.name}?`}
      action="/account"
      csrfToken={csrfToken}
      confirmLabel="Delete the account and all its data"
      cancelHref="/account"
      alert={<FormAlert show={Object.keys(errors).length > 0} messages={messages} />}
      fields={<Field name="current_password" label="Your current password" type="password" autocomplete="current-password" errors={errors.current_password} messages={messages} />}
    >
      <p>
        <strong>{account.name}</strong> and all its data are deleted. This cannot be undone.
      </p>
      <ul class="list-disc space-y-1 pl-5">
        <li>{others === 0 ? 'Your user is deleted and you are signed out.' : `Your user and its ${others === 1 ? 'other user' : `${others} other users`} are deleted; everyone is signed out at once.`}</li>
        {invitations.length > 0 ? <li>{invitations.length === 1 ? 'The pending invitation stops working.' : `The ${invitations.length} pending invitations stop working.`}</li> : null}
        <li>Everything stored in the account is deleted with it.</li>
      </ul>
    </ConfirmationCard>
  )
}

/** `2026-01-08 00:00 UTC`: the same on every server, whatever its time zone. */
function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}


export interface RemoveMemberPageProps {
  readonly csrfToken: string
  readonly account: Account
  readonly member: Member
}

/**
 * `GET /account/members/:id/remove`: the step before `DELETE /account/members/:id`, saying
 * what the removal does; the form posts to that route and method unchanged.
 */
export function RemoveMemberPage({ csrfToken, account, member }: RemoveMemberPageProps) {
  return (
    <ConfirmationCard title="Remove this user?" action={`/account/members/${member.id}`} csrfToken={csrfToken} confirmLabel={`Remove ${member.email}`} cancelHref="/account">
      <p>
        <strong>{member.email}</strong> ({member.role}) will be removed from <strong>{account.name}</strong>: their user is deleted and they are signed out at once.
      </p>
      <p>The account's data stays. To let them back in, invite them again.</p>
    </ConfirmationCard>
  )
}
