/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Card, CsrfField, Field, FormAlert, LINK_CLASS, MethodField, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordRulesHint, SubmitButton } from '../api.ts'
import type { FieldErrors, Messages } from '../api.ts'

/** `GET /reset-password/new`: asks for `user[email]`. */
export function RequestResetPage({ csrfToken, messages }: { csrfToken: string; messages: Messages }) {
  return (
    <Card title="Reset password">
      <form action="/reset-password" method="post" class="space-y-5" novalidate>
        <CsrfField token={csrfToken} />
        <Field name="email" label="Email" type="email" autocomplete="email" messages={messages} />
        <SubmitButton>Send reset instructions</SubmitButton>
      </form>
      <p class="mt-6 text-center text-sm text-slate-600">
        <a href="/session/new" class={LINK_CLASS}>
          Back to sign in
        </a>
      </p>
    </Card>
  )
}

/** `GET /reset-password/:token`: asks for the new password twice. */
export function ResetPasswordPage({ csrfToken, messages, token, errors }: { csrfToken: string; messages: Messages; token: string; errors: FieldErrors }) {
  return (
    <Card title="Set a new password">
      <form action={`/reset-password/${token}`} method="post" class="space-y-5" novalidate>
        <FormAlert show={Object.keys(errors).length > 0} messages={messages} />
        <CsrfField token={csrfToken} />
        <MethodField method="patch" />
        <Field name="password" label="New password" type="password" autocomplete="new-password" errors={errors.password} messages={messages} hint={passwordRulesHint(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)} />
        <Field name="password_confirmation" label="Confirm new password" type="password" autocomplete="new-password" errors={errors.password_confirmation} messages={messages} />
        <SubmitButton>Change password</SubmitButton>
      </form>
    </Card>
  )
}

/** The link under the sign-in form. */
export function ForgotPasswordLink() {
  return (
    <p class="mt-4 text-center text-sm">
      <a href="/reset-password/new" class={LINK_CLASS}>
        Forgot your password?
      </a>
    </p>
  )
}
