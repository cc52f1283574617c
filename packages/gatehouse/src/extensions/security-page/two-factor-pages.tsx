/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from '../api.ts'
import type { FieldErrors, Messages } from '../api.ts'
import type { SecurityPageMessages } from './messages.ts'

interface Texts {
  readonly messages: SecurityPageMessages
  /** Gatehouse's messages (field error texts). */
  readonly shared: Messages
}

/** Password-confirmed form on the security page (turn off, regenerate). */
function PasswordForm({ action, method, id, label, errors, csrfToken, messages, shared }: Texts & { action: string; method?: 'delete'; id: string; label: string; errors: FieldErrors; csrfToken: string }) {
  return (
    <form method="post" action={action} class="space-y-3">
      <CsrfField token={csrfToken} />
      {method ? <MethodField method={method} /> : null}
      <Field id={id} name="current_password" label={messages.currentPasswordLabel} type="password" autocomplete="current-password" errors={errors.current_password} messages={shared} />
      <button type="submit" class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700">
        {label}
      </button>
    </form>
  )
}

/** The two-factor section of `/security`: its state, and what can be done about it. */
export function TwoFactorSection({ on, unusedCodes, csrfToken, errors, messages, shared }: Texts & { on: boolean; unusedCodes: number; csrfToken: string; errors: { disable?: FieldErrors; regenerate?: FieldErrors } }) {
  return (
    <section class="rounded-lg border border-slate-200 bg-white p-8 shadow-sm" aria-labelledby="security_two_factor_heading">
      <h2 id="security_two_factor_heading" class="mb-2 text-lg font-semibold text-slate-900">
        {messages.twoFactorHeading}
      </h2>
      {on ? (
        <div class="space-y-6">
          <p class="text-sm text-slate-600" data-two-factor="on">
            {messages.twoFactorOn} {messages.recoveryCodesLeft} {unusedCodes}
          </p>
          <PasswordForm action="/security/two-factor/recovery-codes" id="regenerate_current_password" label={messages.regenerate} errors={errors.regenerate ?? {}} csrfToken={csrfToken} messages={messages} shared={shared} />
          <PasswordForm action="/security/two-factor" method="delete" id="disable_current_password" label={messages.turnOff} errors={errors.disable ?? {}} csrfToken={csrfToken} messages={messages} shared={shared} />
        </div>
      ) : (
        <div class="space-y-4">
          <p class="text-sm text-slate-600" data-two-factor="off">
            {messages.twoFactorOff}
          </p>
          <a href="/security/two-factor/new" class="inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700">
            {messages.setUpTwoFactor}
          </a>
        </div>
      )}
    </section>
  )
}

/** `GET /security/two-factor/new`: the QR code (server-rendered SVG), the URI and key in text, and the confirming form. */
export function TwoFactorSetupPage({ qrSvg, uri, secret, sealed, errors, csrfToken, messages, shared }: Texts & { qrSvg: string; uri: string; secret: string; sealed: string; errors: FieldErrors; csrfToken: string }) {
  return (
    <Card title={messages.twoFactorSetupTitle}>
      <div class="space-y-5">
        <FormAlert show={Object.keys(errors).length > 0} messages={shared} />
        <p class="text-sm text-slate-600">{messages.twoFactorSetupIntro}</p>
        <div class="mx-auto w-48" role="img" aria-label={messages.qrCodeLabel} dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <p class="text-sm text-slate-600">
          {messages.setupKeyLabel} <code id="two_factor_key" class="break-words font-mono text-slate-900">{secret}</code>
        </p>
        <p class="text-xs text-slate-500">
          <code id="two_factor_uri" class="break-all font-mono">{uri}</code>
        </p>
        <form method="post" action="/security/two-factor" class="space-y-5">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="two_factor[secret]" value={sealed} />
          <Field scope="two_factor" name="code" label={messages.codeLabel} autocomplete="one-time-code" hint={messages.codeHint} errors={errors.code} messages={shared} />
          <Field name="current_password" label={messages.currentPasswordLabel} type="password" autocomplete="current-password" errors={errors.current_password} messages={shared} />
          <SubmitButton>{messages.turnOn}</SubmitButton>
        </form>
      </div>
    </Card>
  )
}

/** The recovery codes, shown once, each in its own `<code>`. */
export function RecoveryCodesPage({ codes, messages }: { codes: readonly string[]; messages: SecurityPageMessages }) {
  return (
    <Card title={messages.recoveryCodesTitle}>
      <div class="space-y-5">
        <p class="text-sm text-slate-600">{messages.recoveryCodesIntro}</p>
        <ul class="grid grid-cols-2 gap-2 font-mono text-slate-900" id="recovery_codes">
          {codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <a href="/security" class="text-indigo-700 hover:underline">
          {messages.backToSecurity}
        </a>
      </div>
    </Card>
  )
}

/** `GET /session/two-factor`: the second step of a sign-in. */
export function SecondFactorPage({ action, errors, csrfToken, messages, shared }: Texts & { action: string; errors: FieldErrors; csrfToken: string }) {
  return (
    <Card title={messages.secondFactorTitle}>
      <form method="post" action={action} class="space-y-5">
        <FormAlert show={Object.keys(errors).length > 0} messages={shared} />
        <p class="text-sm text-slate-600">{messages.secondFactorIntro}</p>
        <CsrfField token={csrfToken} />
        <Field scope="two_factor" name="code" label={messages.secondFactorCodeLabel} autocomplete="one-time-code" hint={messages.secondFactorHint} errors={errors.code} messages={shared} />
        <SubmitButton>{messages.verify}</SubmitButton>
      </form>
    </Card>
  )
}
