/** Pow's texts for password reset; override any of them with `resetPassword({ messages })`. */
export interface ResetPasswordMessages {
  readonly maybeEmailHasBeenSent: string
  readonly invalidToken: string
  readonly passwordHasBeenReset: string
  readonly resetMailSubject: string
  readonly changedMailSubject: string
  /** Beside Pow's `invalidToken`: a link that was used is not "expired", and what to do next. */
  readonly invalidTokenExplanation: string
  /** To the old address after the email was changed on "Edit account". */
  readonly emailChangedMailSubject: string
}

export const DEFAULT_RESET_PASSWORD_MESSAGES: ResetPasswordMessages = Object.freeze({
  maybeEmailHasBeenSent: 'If an account for the provided email exists, an email with reset instructions will be sent to you. Please check your inbox.',
  invalidToken: 'The reset token has expired.',
  passwordHasBeenReset: 'The password has been updated.',
  resetMailSubject: 'Reset password link',
  changedMailSubject: 'Your password was changed',
  invalidTokenExplanation: 'Reset links work once and only for a while: if you already used this one, sign in with your new password; otherwise ask for a new link below.',
  emailChangedMailSubject: 'Your email address was changed',
})
