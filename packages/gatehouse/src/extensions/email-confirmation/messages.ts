/** Pow's texts for email confirmation, plus the subjects of the notices; override any with `emailConfirmation({ messages })`. */
export interface EmailConfirmationMessages {
  readonly emailHasBeenConfirmed: string
  readonly emailConfirmationFailed: string
  readonly invalidToken: string
  readonly emailConfirmationRequired: string
  readonly emailConfirmationRequiredForUpdate: string
  readonly confirmMailSubject: string
  /** To the owner of an address someone tried to register again. */
  readonly registrationAttemptMailSubject: string
  /** To the old address when a change to a new one is requested. */
  readonly emailChangeMailSubject: string
  /** To the owner of an address another user asked to change their email to. */
  readonly emailChangeAttemptMailSubject: string
  /** Before the pending address on the edit page. */
  readonly pendingConfirmation: string
}

export const DEFAULT_EMAIL_CONFIRMATION_MESSAGES: EmailConfirmationMessages = Object.freeze({
  emailHasBeenConfirmed: 'The email address has been confirmed.',
  emailConfirmationFailed: "The email address couldn't be confirmed.",
  invalidToken: 'The confirmation token is invalid or has expired.',
  emailConfirmationRequired: "You'll need to confirm your email before you can sign in. An email confirmation link has been sent to you.",
  emailConfirmationRequiredForUpdate: "You'll need to confirm the email before it's updated. An email confirmation link has been sent to you.",
  confirmMailSubject: 'Confirm your email address',
  registrationAttemptMailSubject: 'Someone tried to register with your email address',
  emailChangeMailSubject: 'Your email address is being changed',
  emailChangeAttemptMailSubject: 'Someone tried to use your email address',
  pendingConfirmation: 'Pending confirmation:',
})
