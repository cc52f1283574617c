/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../passwords/index.ts'
import { withRequestPath } from '../redirects.ts'
import { Card, CsrfField, Field, FormAlert, LINK_CLASS, passwordRulesHint, SubmitButton } from './components.tsx'
import type { FormPageProps } from './page-props.ts'

/** `GET /registration/new`: creates the account (the tenant) and its first user together. */
export function RegistrationPage({ csrfToken, messages, values, errors, requestPath }: FormPageProps) {
  return (
    <Card title="Register">
      <form action={withRequestPath('/registration', requestPath)} method="post" class="space-y-5" novalidate>
        <FormAlert show={Object.keys(errors).length > 0} messages={messages} />
        <CsrfField token={csrfToken} />
        <Field name="account_name" label="Account name" autocomplete="organization" value={values.account_name ?? ''} errors={errors.account_name} messages={messages} hint="Your company or team; people you invite join it." />
        <Field name="email" label="Email" type="email" autocomplete="email" value={values.email ?? ''} errors={errors.email} messages={messages} />
        <Field name="password" label="Password" type="password" autocomplete="new-password" errors={errors.password} messages={messages} hint={passwordRulesHint(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)} />
        <Field name="password_confirmation" label="Confirm password" type="password" autocomplete="new-password" errors={errors.password_confirmation} messages={messages} />
        <SubmitButton>Register</SubmitButton>
      </form>
      <p class="mt-6 text-center text-sm text-slate-600">
        Already registered?{' '}
        <a href={withRequestPath('/session/new', requestPath)} class={LINK_CLASS}>
          Sign in
        </a>
      </p>
    </Card>
  )
}
