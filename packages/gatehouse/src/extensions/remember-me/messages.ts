/** Pow's texts for remember-me; override any of them with `rememberMe({ messages })`. */
export interface RememberMeMessages {
  /** The label of the `user[persistent_session]` checkbox on the sign-in form. */
  readonly rememberMe: string
}

export const DEFAULT_REMEMBER_ME_MESSAGES: RememberMeMessages = Object.freeze({
  rememberMe: 'Remember me',
})
