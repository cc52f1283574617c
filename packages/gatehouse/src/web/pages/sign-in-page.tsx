/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { withRequestPath } from '../redirects.ts'
import { Card, CsrfField, Field, LINK_CLASS, SubmitButton } from './components.tsx'
import type { FormPageProps } from './page-props.ts'

/** `GET /session/new`: email and password; keeps `request_path` in the form action. */
export function SignInPage({ csrfToken, messages, values, errors, requestPath, extraFields, extraLinks }: FormPageProps) {
  return (
    <Card title="Sign in">
      <form action={withRequestPath('/session', requestPath)} method="post" class="space-y-5" novalidate>
        <CsrfField token={csrfToken} />
        <Field name="email" label="Email" type="email" autocomplete="username" value={values.email ?? ''} errors={errors.email} messages={messages} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" errors={errors.password} messages={messages} />
        {extraFields}
        <SubmitButton>Sign in</SubmitButton>
      </form>
      {extraLinks}
      <p class="mt-6 text-center text-sm text-slate-600">
        No account yet?{' '}
        <a href={withRequestPath('/registration/new', requestPath)} class={LINK_CLASS}>
          Register
        </a>
      </p>
    </Card>
  )
}
