/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CsrfField, Field, FormAlert, MethodField, withRequestPath } from '../api.ts'
import type { FieldErrors, Messages } from '../api.ts'
import type { SecurityPageMessages } from './messages.ts'
import type { ListedPasskey } from './passkeys.ts'

interface Texts {
  readonly messages: SecurityPageMessages
  readonly shared: Messages
}

/** Errors of the passkey forms, per form: adding, or renaming/removing passkey `id`. */
export interface PasskeyFormErrors {
  readonly add?: FieldErrors
  readonly rename?: { readonly id: number; readonly errors: FieldErrors }
  readonly remove?: { readonly id: number; readonly errors: FieldErrors }
}

const BUTTON = 'rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700'
const SECONDARY = 'rounded-md border border-slate-300 px-3 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50'

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10)
}

function PasskeyItem({ passkey, errors, csrfToken, messages, shared }: Texts & { passkey: ListedPasskey; errors: PasskeyFormErrors; csrfToken: string }) {
  const renameErrors = errors.rename?.id === passkey.id ? errors.rename.errors : {}
  const removeErrors = errors.remove?.id === passkey.id ? errors.remove.errors : {}
  return (
    <li class="space-y-3 py-4" data-passkey={passkey.id}>
      <p class="font-semibold text-slate-900">{passkey.name}</p>
      <p class="text-sm text-slate-600">
        {messages.passkeyAddedAt} {day(passkey.createdAt)} · {messages.passkeyLastUsed} {passkey.lastUsedAt === null ? messages.passkeyNeverUsed : day(passkey.lastUsedAt)}
      </p>
      <form method="post" action={`/security/passkeys/${passkey.id}`} class="flex flex-wrap items-end gap-2">
        <CsrfField token={csrfToken} />
        <MethodField method="patch" />
        <div class="min-w-0 flex-1">
          <Field id={`passkey_${passkey.id}_name`} scope="passkey" name="name" label={messages.passkeyRenameLabel} autocomplete="off" value={passkey.name} errors={renameErrors.name} messages={shared} />
        </div>
        <button type="submit" class={SECONDARY}>
          {messages.renamePasskey}
        </button>
      </form>
      <form method="post" action={`/security/passkeys/${passkey.id}`} class="flex flex-wrap items-end gap-2">
        <CsrfField token={csrfToken} />
        <MethodField method="delete" />
        <div class="min-w-0 flex-1">
          <Field id={`passkey_${passkey.id}_current_password`} name="current_password" label={messages.currentPasswordLabel} type="password" autocomplete="current-password" errors={removeErrors.current_password} messages={shared} />
        </div>
        <button type="submit" class="rounded-md border border-red-300 px-3 py-2 text-sm font-semibold text-red-700 hover:bg-red-50">
          {messages.removePasskey}
        </button>
      </form>
    </li>
  )
}

/**
 * The passkeys section of `/security`: the person's passkeys (rename, remove) and the form
 * that adds one. That form needs WebAuthn, so it is hidden until the passkey script shows it;
 * without JavaScript a note says so, and every other form still works.
 */
export function PasskeysSection({ passkeys, errors, csrfToken, messages, shared }: Texts & { passkeys: readonly ListedPasskey[]; errors: PasskeyFormErrors; csrfToken: string }) {
  const add = errors.add ?? {}
  const addFailed = Object.keys(add).length > 0
  return (
    <section class="rounded-lg border border-slate-200 bg-white p-8 shadow-sm" aria-labelledby="security_passkeys_heading">
      <h2 id="security_passkeys_heading" class="mb-2 text-lg font-semibold text-slate-900">
        {messages.passkeysHeading}
      </h2>
      <p class="mb-4 text-sm text-slate-600">{messages.passkeysIntro}</p>
      {passkeys.length === 0 ? (
        <p class="text-sm text-slate-600">{messages.noPasskeys}</p>
      ) : (
        <ul class="divide-y divide-slate-200" id="passkey_list">
          {passkeys.map((passkey) => (
            <PasskeyItem passkey={passkey} errors={errors} csrfToken={csrfToken} messages={messages} shared={shared} />
          ))}
        </ul>
      )}
      <p class="mt-4 text-sm text-slate-600" data-passkey-needs-script>
        {messages.passkeysNeedJavaScript}
      </p>
      <form method="post" action="/security/passkeys" class="mt-4 space-y-3" hidden data-passkey-form="register" data-passkey-options="/security/passkeys/options" data-passkey-failed={messages.passkeyNotCreated}>
        <FormAlert show={addFailed} messages={shared} />
        <CsrfField token={csrfToken} />
        <input type="hidden" name="passkey[response]" value="" />
        <Field id="passkey_name" scope="passkey" name="name" label={messages.passkeyNameLabel} autocomplete="off" hint={messages.passkeyNameHint} errors={add.name} messages={shared} />
        <Field id="add_passkey_current_password" name="current_password" label={messages.currentPasswordLabel} type="password" autocomplete="current-password" errors={add.current_password} messages={shared} />
        {add.response ? (
          <p id="passkey_response_error" class="text-sm text-red-700" role="alert">
            {messages.passkeyNotCreated}
          </p>
        ) : null}
        <p class="text-sm text-red-700" aria-live="polite" data-passkey-status></p>
        <button type="submit" class={BUTTON}>
          {messages.addPasskey}
        </button>
      </form>
    </section>
  )
}

/** Under the sign-in form: “Use a passkey”, hidden until the passkey script shows it (so never without JavaScript). */
export function PasskeySignInForm({ csrfToken, requestPath, messages }: { csrfToken: string; requestPath: string | null; messages: SecurityPageMessages }) {
  return (
    <form
      method="post"
      action={withRequestPath('/session/passkey', requestPath)}
      class="mt-6 space-y-2"
      hidden
      data-passkey-form="sign_in"
      data-passkey-options="/session/passkey/options"
      data-passkey-failed={messages.passkeySignInFailed}
    >
      <CsrfField token={csrfToken} />
      <input type="hidden" name="passkey[response]" value="" />
      <button type="submit" class={`w-full ${SECONDARY}`}>
        {messages.signInWithPasskey}
      </button>
      <p class="text-sm text-red-700" aria-live="polite" data-passkey-status></p>
    </form>
  )
}
