import type { Account, User } from '../../models.ts'
import type { Messages } from '../../messages.ts'
import type { FieldErrors } from '../../validation/field-errors.ts'

/** What every Gatehouse page receives. */
export interface PageProps {
  readonly csrfToken: string
  readonly messages: Messages
}

/** A form page: the values to show again and the errors per field. */
export interface FormPageProps extends PageProps {
  readonly values: Readonly<Record<string, string>>
  readonly errors: FieldErrors
  /** Where to go after success; carried in form actions and links between the auth pages. */
  readonly requestPath: string | null
}

export interface EditRegistrationPageProps extends FormPageProps {
  readonly user: User
  readonly account: Account
}

export interface ErrorPageProps {
  readonly status: number
  readonly message: string
}
