/**
 * Gatehouse's own events: the one vocabulary of the event bus, the audit log (an event's name
 * is its `event_type` unless its definition says otherwise) and apps' `onEvent` listeners.
 * Extensions declare theirs in their manifest (`events`), named the same way: `noun.past_verb`.
 */
export interface GatehouseEvents {
  /** A new account and its owner were created (`POST /registration`, or an import). */
  'account.registered': { readonly userId: number; readonly accountId: number }
  /** A user signed in with email and password; their session is started. */
  'sign_in.succeeded': { readonly userId: number; readonly accountId: number }
  /** Email and password did not match; the user is null when the email has none (never the email typed). */
  'sign_in.failed': { readonly userId: number | null; readonly accountId: number | null }
  /** A signed-in user signed out; their session is ended. */
  sign_out: { readonly userId: number; readonly accountId: number }
  /** A user changed their password on the edit form; their other sessions are already ended. */
  'password.changed': { readonly userId: number; readonly accountId: number }
  /** A user's password was replaced through a use of `replacePassword` (a reset link); every session is ended. */
  'password.reset': { readonly userId: number; readonly accountId: number }
  /** A user's email changed (edit form, or a confirmed pending address). */
  'email.changed': { readonly userId: number; readonly accountId: number; readonly from: string; readonly to: string }
  /** A user deleted their registration while other users remained in the account. */
  'user.deleted': { readonly userId: number; readonly accountId: number; readonly email: string }
  /** An account was deleted with every user (its last user left, or its owner deleted it). */
  'account.deleted': { readonly accountId: number; readonly actorId: number; readonly userIds: readonly number[] }
  /** Every session of a user was ended (`sessions.revokeUser`: a reset, a removal, a stolen token). */
  'sessions.revoked': { readonly userId: number }
}

/** An event as listeners receive it: its payload with its name in `type`. */
export type GatehouseEvent<Events = GatehouseEvents> = { [K in keyof Events]: { readonly type: K } & Events[K] }[keyof Events]

import type { AuditOrigin } from './audit/audit-origin.ts'

type Listener<P> = (event: P, origin: AuditOrigin) => Promise<void> | void
type Payload<Events, K extends keyof Events> = Events[K]

/**
 * A small typed event bus. Listeners run after the change committed, in order, awaited; a
 * failing listener is logged and does not undo what already happened. Each listener receives
 * the payload with the event's name in `type`, the shape `onEvent` and the audit log see, and
 * where the action came from (the request's client, or `UNKNOWN_ORIGIN`): the emitter passes it
 * explicitly, so nothing request-scoped has to follow promises around.
 *
 * @example
 * events.on('password.reset', ({ userId }) => revokeLongLivedTokens(userId))
 * await events.emit('sessions.revoked', { userId: 7 }, ctx.origin)
 */
export class EventBus<Events = GatehouseEvents> {
  private readonly listeners = new Map<PropertyKey, Array<Listener<never>>>()
  private readonly everyEvent: Array<Listener<never>> = []

  on<E extends keyof Events>(event: E, listener: Listener<{ readonly type: E } & Payload<Events, E>>): void {
    const list = this.listeners.get(event) ?? []
    list.push(listener as Listener<never>)
    this.listeners.set(event, list)
  }

  /** Listens to every event, whatever its name (the audit log, an app's `onEvent`). */
  onEvery(listener: Listener<GatehouseEvent<Events>>): void {
    this.everyEvent.push(listener as Listener<never>)
  }

  async emit<E extends keyof Events>(event: E, payload: Payload<Events, E>, origin: AuditOrigin): Promise<void> {
    const delivered = { type: event, ...payload } as never
    for (const listener of [...this.everyEvent, ...(this.listeners.get(event) ?? [])] as Array<Listener<never>>) {
      try {
        await listener(delivered, origin)
      } catch (error) {
        console.error(`[gatehouse] ${String(event)} listener failed:`, error)
      }
    }
  }

  /** The same bus, typed with an extension's own events besides Gatehouse's. */
  withEvents<Own>(): EventBus<Events & Own> {
    return this as unknown as EventBus<Events & Own>
  }
}
