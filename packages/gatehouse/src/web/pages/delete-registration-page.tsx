/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Account, User } from '../../models.ts'
import type { Messages } from '../../messages.ts'
import type { RegistrationDeletionPreview } from '../../registration/delete-registration.ts'
import type { FieldErrors } from '../../validation/field-errors.ts'
import { ConfirmationCard, Field, FormAlert } from './components.tsx'

export interface DeleteRegistrationPageProps {
  readonly csrfToken: string
  readonly messages: Messages
  readonly user: User
  readonly account: Account
  readonly preview: RegistrationDeletionPreview
  readonly errors: FieldErrors
}

/**
 * `GET /registration/delete`: the step before `DELETE /registration`. It says what will be
 * lost (the user only, or the account and its data when nobody else is left) and asks for the
 * current password; the form posts to Pow's route and method unchanged.
 */
export function DeleteRegistrationPage({ csrfToken, messages, user, account, preview, errors }: DeleteRegistrationPageProps) {
  return (
    <ConfirmationCard
      title="Delete your account?"
      action="/registration"
      csrfToken={csrfToken}
      confirmLabel="Delete my account"
      cancelHref="/registration/edit"
      alert={<FormAlert show={Object.keys(errors).length > 0} messages={messages} />}
      fields={<Field name="current_password" label="Current password" type="password" autocomplete="current-password" errors={errors.current_password} messages={messages} hint="Needed to delete your account." />}
    >
      <p>
        Your user <strong>{user.email}</strong> will be deleted and you will be signed out everywhere. This cannot be undone.
      </p>
      {preview.kind === 'account_too' ? (
        <p>
          You are the last user of <strong>{account.name}</strong>, so the account and all its data are deleted with you.
        </p>
      ) : preview.kind === 'refused_last_owner' ? (
        <p>
          You are the only owner of <strong>{account.name}</strong>, which still has {preview.othersLeft === 1 ? 'one other user' : `${preview.othersLeft} other users`}: one
          of them must become an owner first, or the deletion is refused.
        </p>
      ) : (
        <p>
          <strong>{account.name}</strong> and its data stay for its {preview.othersLeft === 1 ? 'other user' : `${preview.othersLeft} other users`}.
        </p>
      )}
    </ConfirmationCard>
  )
}
