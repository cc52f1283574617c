/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../passwords/index.ts'
import { Card, CARD_CLASS, CsrfField, DANGER_BUTTON_CLASS, Field, FormAlert, MethodField, passwordRulesHint, SubmitButton } from './components.tsx'
import type { EditRegistrationPageProps } from './page-props.ts'

/**
 * `GET /registration/edit`: change email and/or password with the current password; owners
 * may rename the account; delete the registration.
 */
export function EditRegistrationPage({ csrfToken, messages, values, errors, user, account, extraFields }: EditRegistrationPageProps) {
  const isOwner = user.role === 'owner'
  return (
    <div class="space-y-8">
      <Card title="Edit account">
        <form action="/registration" method="post" class="space-y-5" novalidate>
          <FormAlert show={Object.keys(errors).length > 0} messages={messages} />
          <CsrfField token={csrfToken} />
          <MethodField method="patch" />
          {isOwner ? (
            <Field name="account_name" label="Account name" autocomplete="organization" value={values.account_name ?? account.name} errors={errors.account_name} messages={messages} />
          ) : (
            <p class="text-sm text-slate-700">
              Account: <strong>{account.name}</strong>
            </p>
          )}
          <Field name="email" label="Email" type="email" autocomplete="email" value={values.email ?? user.email} errors={errors.email} messages={messages} />
          {extraFields}
          <Field name="password" label="New password" type="password" autocomplete="new-password" errors={errors.password} messages={messages} required={false} hint={`Leave blank to keep your current password. ${passwordRulesHint(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)}`} />
          <Field name="password_confirmation" label="Confirm new password" type="password" autocomplete="new-password" errors={errors.password_confirmation} messages={messages} required={false} />
          <Field name="current_password" label="Current password" type="password" autocomplete="current-password" errors={errors.current_password} messages={messages} hint="Needed to save any change." />
          <SubmitButton>Update</SubmitButton>
        </form>
      </Card>
      <section class={`${CARD_CLASS} border-red-200`} aria-labelledby="delete_registration_heading">
        <h2 id="delete_registration_heading" class="mb-2 text-lg font-semibold text-red-800">
          Delete account
        </h2>
        <p class="mb-4 text-sm text-slate-700">
          Removes your user. When nobody else is left in <strong>{account.name}</strong>, the account and all its data are deleted too. The next page says exactly what
          will be deleted and asks for your password.
        </p>
        <a href="/registration/delete" class={`inline-block ${DANGER_BUTTON_CLASS}`}>
          Delete my account…
        </a>
      </section>
    </div>
  )
}
