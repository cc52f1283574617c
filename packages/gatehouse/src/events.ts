/** What happened, for extensions that must react (remember-me revokes its tokens) and for the audit log. */
export interface GatehouseEvents {
  /**
   * A user's password was changed (`source`: the edit form, or a reset link); their other
   * sessions are already ended.
   */
  passwordChanged: { readonly userId: number; readonly accountId: number; readonly source?: 'edit' | 'reset' }
  /** Every session of a user was ended (password reset, removal from an account). */
  userSessionsRevoked: { readonly userId: number }
  /** A new account and its owner were created (`POST /registration`, or an import). */
  registered: { readonly userId: number; readonly accountId: number }
  /** A browser signed in with email and password (`POST /session`); its session is started. */
  signedIn: { readonly userId: number; readonly accountId: number }
  /** Email and password did not match; the user is null when the email has none (never the email typed). */
  signInFailed: { readonly userId: number | null; readonly accountId: number | null }
  /** A signed-in browser signed out (`DELETE /session`). */
  signedOut: { readonly userId: number; readonly accountId: number }
  /** A user's email changed (edit form, or a confirmed pending address). */
  emailChanged: { readonly userId: number; readonly accountId: number; readonly from: string; readonly to: string }
  /** A user deleted their registration; `accountDeleted` when they were its last user. */
  registrationDeleted: { readonly userId: number; readonly accountId: number; readonly email: string; readonly accountDeleted: boolean }
  /** An owner or admin invited an address into the account (whether or not it already had a user). */
  invitationSent: { readonly accountId: number; readonly actorId: number; readonly email: string; readonly role: string }
  /** An invitation was accepted: a new user of the account, now signed in. */
  invitationAccepted: { readonly accountId: number; readonly userId: number; readonly email: string; readonly role: string }
  /** An owner changed a member's role. */
  memberRoleChanged: { readonly accountId: number; readonly actorId: number; readonly userId: number; readonly from: string; readonly to: string }
  /** An owner or admin removed a member (the user is deleted). */
  memberRemoved: { readonly accountId: number; readonly actorId: number; readonly userId: number; readonly email: string; readonly role: string }
  /** An owner deleted the whole account with every user (`DELETE /account`). */
  accountDeleted: { readonly accountId: number; readonly actorId: number; readonly userIds: readonly number[] }
}

type Listener<E extends keyof GatehouseEvents> = (event: GatehouseEvents[E]) => Promise<void> | void

/**
 * A small typed event bus. Listeners run after the change committed, in order, awaited; a
 * failing listener is logged and does not undo what already happened.
 *
 * @example
 * events.on('passwordChanged', ({ userId }) => revokeRememberMeTokens(userId))
 */
export class EventBus {
  private readonly listeners = new Map<keyof GatehouseEvents, Array<Listener<never>>>()

  on<E extends keyof GatehouseEvents>(event: E, listener: Listener<E>): void {
    const list = this.listeners.get(event) ?? []
    list.push(listener as Listener<never>)
    this.listeners.set(event, list)
  }

  async emit<E extends keyof GatehouseEvents>(event: E, payload: GatehouseEvents[E]): Promise<void> {
    for (const listener of (this.listeners.get(event) ?? []) as Array<Listener<E>>) {
      try {
        await listener(payload)
      } catch (error) {
        console.error(`[gatehouse] ${event} listener failed:`, error)
      }
    }
  }
}
