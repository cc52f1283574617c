import type { Child } from 'hono/jsx'
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
  /** Fields extensions add to this form (a checkbox of their own). */
  readonly extraFields?: Child
  /** Links extensions add under this form (“Forgot your password?”). */
  readonly extraLinks?: Child
}

export interface EditRegistrationPageProps extends FormPageProps {
  readonly user: User
  readonly account: Account
}

export interface ErrorPageProps {
  readonly status: number
  readonly message: string
}
