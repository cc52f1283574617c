import type { FieldError } from './validation/field-errors.ts'

/**
 * Every text Gatehouse shows a person: flash messages, the form alert, field errors. Pow's
 * wording by default; an app passes a partial table to change wording or language.
 * `null` means "no message" (Pow shows none after sign-in or sign-out; Gatehouse does, so a
 * person knows where they landed and why).
 */
export interface Messages {
  readonly invalidCredentials: string
  readonly userHasBeenUpdated: string
  readonly userHasBeenDeleted: string
  readonly userCouldNotBeDeleted: string
  readonly userNotAuthenticated: string | null
  readonly userAlreadyAuthenticated: string | null
  readonly signedIn: string | null
  readonly signedOut: string | null
  readonly userHasBeenCreated: string | null
  /** Shown once when a browser's session cookie no longer works (expired, signed out elsewhere, user removed). */
  readonly sessionEnded: string | null
  readonly formHasErrors: string
  readonly forbidden: string
  readonly notFound: string
  readonly payloadTooLarge: string
  readonly serverError: string
  /** 503: a store Gatehouse needs (Redis) cannot answer; nobody is signed out by it. */
  readonly serviceUnavailable: string
  /** 429: too many attempts; `%{seconds}` is replaced by the wait (the response also carries `Retry-After`). */
  readonly tooManyRequests: string
  /** Field error texts by code; `%{count}` is replaced by the limit. */
  readonly fieldErrors: Readonly<Record<FieldError['code'], string>>
}

export const DEFAULT_MESSAGES: Messages = Object.freeze({
  invalidCredentials: 'The provided login details did not work. Please verify your credentials, and try again.',
  userHasBeenUpdated: 'Your account has been updated.',
  userHasBeenDeleted: 'Your account has been deleted. Sorry to see you go!',
  userCouldNotBeDeleted: 'Your account could not be deleted.',
  userNotAuthenticated: null,
  userAlreadyAuthenticated: null,
  // Pow shows nothing here; a person landing on a page should know what just happened.
  signedIn: 'You are signed in.',
  signedOut: 'You have been signed out.',
  userHasBeenCreated: 'Welcome! Your account has been created and you are signed in.',
  sessionEnded: 'Your session has ended. Please sign in again.',
  formHasErrors: 'Oops, something went wrong! Please check the errors below.',
  forbidden: 'The form has expired or did not come from this site. Please go back, reload the page and try again.',
  notFound: 'This page does not exist.',
  payloadTooLarge: 'The submitted form is too large.',
  serverError: 'Something went wrong on our side. Please try again in a moment.',
  serviceUnavailable: 'The service is temporarily unavailable. Please try again in a moment.',
  tooManyRequests: 'Too many attempts. Please try again in %{seconds} seconds.',
  fieldErrors: Object.freeze({
    blank: "can't be blank",
    invalid_format: 'has invalid format',
    too_short: 'should be at least %{count} character(s)',
    too_long: 'should be at most %{count} character(s)',
    confirmation: 'does not match confirmation',
    taken: 'has already been taken',
    invalid: 'is invalid',
    too_common: 'is too common',
  }),
})

/** Overrides for the messages table; `fieldErrors` may be partial too. */
export type MessageOverrides = Partial<Omit<Messages, 'fieldErrors'>> & { fieldErrors?: Partial<Messages['fieldErrors']> }

/**
 * @example
 * const messages = resolveMessages({ userHasBeenUpdated: 'Saved.' })
 */
export function resolveMessages(overrides: MessageOverrides = {}): Messages {
  return Object.freeze({
    ...DEFAULT_MESSAGES,
    ...overrides,
    fieldErrors: Object.freeze({ ...DEFAULT_MESSAGES.fieldErrors, ...overrides.fieldErrors }),
  })
}

/**
 * @example
 * formatFieldError(messages, { code: 'too_short', count: 12 }) // 'should be at least 12 character(s)'
 */
export function formatFieldError(messages: Messages, error: FieldError): string {
  const template = messages.fieldErrors[error.code]
  return 'count' in error ? template.replaceAll('%{count}', String(error.count)) : template
}
