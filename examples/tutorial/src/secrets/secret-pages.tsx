/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { FieldErrors, Messages } from '@gatehouse-auth/gatehouse'
import { Card, ConfirmationCard, CsrfField, DANGER_BUTTON_CLASS, Field, FormAlert, LINK_CLASS, MethodField, SubmitButton } from '@gatehouse-auth/gatehouse/hono'

export interface SecretView {
  readonly id: number
  readonly key: string
  readonly value: string
}

export function SecretsIndexPage({ secrets }: { secrets: readonly SecretView[] }) {
  return (
    <Card title="Secrets">
      {secrets.length === 0 ? (
        <p class="text-slate-700">No secrets yet.</p>
      ) : (
        <ul class="space-y-3">
          {secrets.map((secret) => (
            <li class="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-md border border-slate-200 px-3 py-2">
              <a href={`/secrets/${secret.id}`} class={`min-w-0 ${LINK_CLASS}`}>
                {secret.key}
              </a>
              <div class="flex items-center gap-4 text-sm">
                <a href={`/secrets/${secret.id}/edit`} class={LINK_CLASS} aria-label={`Edit ${secret.key}`}>
                  Edit
                </a>
                <a href={`/secrets/${secret.id}/delete`} class={LINK_CLASS} aria-label={`Delete ${secret.key}…`}>
                  Delete…
                </a>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p class="mt-6">
        <a href="/secrets/new" class={LINK_CLASS}>
          New secret
        </a>
      </p>
    </Card>
  )
}

export function SecretPage({ secret }: { secret: SecretView }) {
  return (
    <Card title={`Secret ${secret.key}`}>
      <dl class="space-y-1">
        <dt class="text-sm font-medium text-slate-600">Key</dt>
        <dd class="text-slate-900">{secret.key}</dd>
        <dt class="mt-2 text-sm font-medium text-slate-600">Value</dt>
        <dd class="font-mono text-slate-900">{secret.value}</dd>
      </dl>
      <div class="mt-6 flex flex-wrap items-center gap-x-6 gap-y-3 text-sm">
        <a href={`/secrets/${secret.id}/edit`} class={LINK_CLASS}>
          Edit
        </a>
        <a href="/secrets" class={LINK_CLASS}>
          Back
        </a>
        <a href={`/secrets/${secret.id}/delete`} class={`inline-block ${DANGER_BUTTON_CLASS}`}>
          Delete…
        </a>
      </div>
    </Card>
  )
}

/** `GET /secrets/:id/delete`: the step before `DELETE /secrets/:id`, which works without JavaScript. */
export function DeleteSecretPage({ secret, accountName, csrfToken }: { secret: SecretView; accountName: string; csrfToken: string }) {
  return (
    <ConfirmationCard title={`Delete the secret ${secret.key}?`} action={`/secrets/${secret.id}`} csrfToken={csrfToken} confirmLabel="Delete secret" cancelHref={`/secrets/${secret.id}`}>
      <p>
        The secret <strong>{secret.key}</strong> and its value are deleted for everyone in <strong>{accountName}</strong>. This cannot be undone.
      </p>
    </ConfirmationCard>
  )
}

export interface SecretFormProps {
  readonly title: string
  readonly action: string
  readonly method: 'post' | 'patch'
  readonly values: { key?: string; value?: string }
  readonly errors: FieldErrors
  readonly messages: Messages
  readonly csrfToken: string
}

export function SecretFormPage({ title, action, method, values, errors, messages, csrfToken }: SecretFormProps) {
  return (
    <Card title={title}>
      <form action={action} method="post" class="space-y-5" novalidate>
        <FormAlert show={Object.keys(errors).length > 0} messages={messages} />
        <CsrfField token={csrfToken} />
        {method === 'patch' ? <MethodField method="patch" /> : null}
        <Field scope="secret" name="key" label="Key" autocomplete="off" value={values.key ?? ''} errors={errors.key} messages={messages} />
        <Field scope="secret" name="value" label="Value" autocomplete="off" value={values.value ?? ''} errors={errors.value} messages={messages} />
        <SubmitButton>Save</SubmitButton>
      </form>
      <p class="mt-6 text-sm">
        <a href="/secrets" class={LINK_CLASS}>
          Back
        </a>
      </p>
    </Card>
  )
}
