/** What happened, for extensions that must react (remember-me revokes its tokens on these). */
export interface GatehouseEvents {
  /** A user's password was changed (edit form or reset); their other sessions are already ended. */
  passwordChanged: { readonly userId: number; readonly accountId: number }
  /** Every session of a user was ended (password reset, removal from an account). */
  userSessionsRevoked: { readonly userId: number }
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
