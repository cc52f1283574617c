/** Pow's texts for password reset; override any of them with `resetPassword({ messages })`. */
export interface ResetPasswordMessages {
  readonly maybeEmailHasBeenSent: string
  readonly invalidToken: string
  readonly passwordHasBeenReset: string
  readonly resetMailSubject: string
  readonly changedMailSubject: string
}

export const DEFAULT_RESET_PASSWORD_MESSAGES: ResetPasswordMessages = Object.freeze({
  maybeEmailHasBeenSent: 'If an account for the provided email exists, an email with reset instructions will be sent to you. Please check your inbox.',
  invalidToken: 'The reset token has expired.',
  passwordHasBeenReset: 'The password has been updated.',
  resetMailSubject: 'Reset password link',
  changedMailSubject: 'Your password was changed',
})
