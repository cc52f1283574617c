/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { FieldErrors, Messages } from '@gatehouse-auth/gatehouse'
import { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from '@gatehouse-auth/gatehouse/hono'

export interface SecretView {
  readonly id: number
  readonly key: string
  readonly value: string
}

const link = 'text-indigo-700 hover:underline'

export function SecretsIndexPage({ secrets, csrfToken }: { secrets: readonly SecretView[]; csrfToken: string }) {
  return (
    <Card title="Secrets">
      {secrets.length === 0 ? (
        <p class="text-slate-600">No secrets yet.</p>
      ) : (
        <ul class="space-y-1">
          {secrets.map((secret) => (
            <li class="flex items-center justify-between rounded-md border border-slate-200 px-3 py-2">
              <a href={`/secrets/${secret.id}`} class={link}>
                {secret.key}
              </a>
              <div class="flex items-center gap-4 text-sm">
                <a href={`/secrets/${secret.id}/edit`} class={link}>
                  Edit
                </a>
                <DeleteButton id={secret.id} csrfToken={csrfToken} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <p class="mt-6">
        <a href="/secrets/new" class={link}>
          New secret
        </a>
      </p>
    </Card>
  )
}

export function SecretPage({ secret, csrfToken }: { secret: SecretView; csrfToken: string }) {
  return (
    <Card title={`Secret ${secret.key}`}>
      <dl class="space-y-1">
        <dt class="text-sm font-medium text-slate-600">Key</dt>
        <dd class="text-slate-900">{secret.key}</dd>
        <dt class="text-sm font-medium text-slate-600">Value</dt>
        <dd class="text-slate-900">{secret.value}</dd>
      </dl>
      <div class="mt-6 flex items-center gap-4 text-sm">
        <a href={`/secrets/${secret.id}/edit`} class={link}>
          Edit
        </a>
        <a href="/secrets" class={link}>
          Back
        </a>
        <DeleteButton id={secret.id} csrfToken={csrfToken} />
      </div>
    </Card>
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
        <a href="/secrets" class={link}>
          Back
        </a>
      </p>
    </Card>
  )
}

function DeleteButton({ id, csrfToken }: { id: number; csrfToken: string }) {
  return (
    <form action={`/secrets/${id}`} method="post" class="inline">
      <CsrfField token={csrfToken} />
      <MethodField method="delete" />
      <button type="submit" class="text-red-700 hover:underline">
        Delete
      </button>
    </form>
  )
}
