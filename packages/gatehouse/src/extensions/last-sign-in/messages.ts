/** Every text the extension shows; override any with `lastSignIn({ messages })`. */
export interface LastSignInMessages {
  readonly heading: string
  /** Before the time of the previous sign-in. */
  readonly previous: string
  readonly firstSignIn: string
}

export const DEFAULT_LAST_SIGN_IN_MESSAGES: LastSignInMessages = Object.freeze({
  heading: 'Your sign-ins',
  previous: 'Previous sign-in:',
  firstSignIn: 'This is your first sign-in.',
})
