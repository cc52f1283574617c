/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Card, CsrfField, Field, FormAlert, formatFieldError, LINK_CLASS, MethodField, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordRulesHint, SubmitButton } from '../api.ts'
import type { FieldErrors, Messages } from '../api.ts'
import type { PendingInvitation } from './accept-invitation.ts'
import { RoleSelect } from './components.tsx'
import type { InvitableRole } from './roles.ts'

export interface NewInvitationPageProps {
  readonly csrfToken: string
  readonly messages: Messages
  readonly values: { readonly email?: string; readonly role: InvitableRole }
  readonly errors: FieldErrors
}

/** `GET /invitations/new`: `user[email]` and `user[role]` (admin or member). */
export function NewInvitationPage({ csrfToken, messages, values, errors }: NewInvitationPageProps) {
  const roleError = errors.role?.map((e) => formatFieldError(messages, e)).join(', ') ?? null
  return (
    <Card title="Invite a user">
      <form action="/invitations" method="post" class="space-y-5" novalidate>
        <FormAlert show={Object.keys(errors).length > 0} messages={messages} />
        <CsrfField token={csrfToken} />
        <Field name="email" label="Email" type="email" autocomplete="off" value={values.email} errors={errors.email} messages={messages} />
        <RoleSelect id="user_role" roles={['member', 'admin']} selected={values.role} label={{ visible: 'Role' }} error={roleError} />
        <SubmitButton>Send invitation</SubmitButton>
      </form>
      <p class="mt-6 text-center text-sm text-slate-600">
        <a href="/account" class={LINK_CLASS}>
          Back to the account
        </a>
      </p>
    </Card>
  )
}

export interface AcceptInvitationPageProps {
  readonly csrfToken: string
  readonly messages: Messages
  readonly token: string
  readonly invitation: PendingInvitation
  readonly errors: FieldErrors
}

/** `GET /invitations/:token/edit`: the invitee chooses a password to join the account. */
export function AcceptInvitationPage({ csrfToken, messages, token, invitation, errors }: AcceptInvitationPageProps) {
  return (
    <Card title="Accept invitation">
      <p class="mb-6 text-sm text-slate-700">
        You've been invited to join <strong>{invitation.accountName}</strong> as <strong>{invitation.email}</strong>. Choose a password to accept.
      </p>
      <form action={`/invitations/${token}`} method="post" class="space-y-5" novalidate>
        <FormAlert show={Object.keys(errors).length > 0} messages={messages} />
        <CsrfField token={csrfToken} />
        <MethodField method="patch" />
        <Field name="password" label="Password" type="password" autocomplete="new-password" errors={errors.password} messages={messages} hint={passwordRulesHint(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)} />
        <Field name="password_confirmation" label="Confirm password" type="password" autocomplete="new-password" errors={errors.password_confirmation} messages={messages} />
        <SubmitButton>Accept invitation</SubmitButton>
      </form>
    </Card>
  )
}
