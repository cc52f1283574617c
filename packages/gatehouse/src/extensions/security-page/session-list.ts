import { createHash } from 'node:crypto'
import type { Kysely, Session } from '../api.ts'
import type { SecurityPageDatabase } from './tables.ts'
import { deviceLabel } from './user-agent.ts'

type Db = Kysely<SecurityPageDatabase>

const USER_AGENT_MAX = 512
const ADDRESS_MAX = 64

/** One session as the security page lists it. */
export interface ListedSession {
  /** Names the session in URLs without showing its id (half of its cookie): a hash of it. */
  readonly handle: string
  readonly device: string
  readonly ipAddress: string | null
  readonly signedInAt: number
  readonly lastActiveAt: number
  readonly current: boolean
}

/**
 * The public handle of a session: 22 characters of the SHA-256 of its id. The page and its
 * forms never carry the id itself, so a copied page cannot help guess a cookie.
 *
 * @example
 * app.delete('/security/sessions/:id', …) // :id is sessionHandle(session.id)
 */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(`security-page:${sessionId}`).digest('base64url').slice(0, 22)
}

/**
 * Notes what the request said about the browser when a session started. Idempotent: a session
 * id is new at every start, and a retried note changes nothing.
 *
 * @example
 * await recordSessionDetails(db, session.id, user.id, req.headers.get('user-agent') ?? '', clientAddress, clock.now())
 */
export async function recordSessionDetails(db: Db, sessionId: string, userId: number, userAgent: string, ipAddress: string, at: number): Promise<void> {
  await db
    .insertInto('security_session_details')
    .values({ session_id: sessionId, user_id: userId, user_agent: userAgent.slice(0, USER_AGENT_MAX), ip_address: ipAddress.slice(0, ADDRESS_MAX), created_at: at })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute()
}

/**
 * The user's live sessions with what is known of each browser, the current one first. Notes
 * about sessions that have ended are deleted on the way, so the table holds live sessions only.
 *
 * @example
 * const sessions = await listSessions(db, await kit.sessions.list(user.id), user.id, current.id, 'Unknown browser', clock.now())
 */
export async function listSessions(db: Db, live: readonly Session[], userId: number, currentId: string | null, unknownDevice: string, now: number): Promise<ListedSession[]> {
  const notes = await db.selectFrom('security_session_details').selectAll().where('user_id', '=', userId).execute()
  const byId = new Map(notes.map((note) => [note.session_id, note]))
  const liveIds = new Set(live.map((session) => session.id))
  // A note younger than a minute may belong to a session started after `live` was read.
  const ended = notes.filter((note) => !liveIds.has(note.session_id) && Number(note.created_at) < now - 60_000).map((note) => note.session_id)
  if (ended.length > 0) await db.deleteFrom('security_session_details').where('session_id', 'in', ended).execute()
  const listed = live.map((session): ListedSession => {
    const note = byId.get(session.id)
    return {
      handle: sessionHandle(session.id),
      device: deviceLabel(note?.user_agent ?? null, unknownDevice),
      ipAddress: note?.ip_address ?? null,
      signedInAt: session.createdAt,
      lastActiveAt: session.refreshedAt,
      current: session.id === currentId,
    }
  })
  return [...listed.filter((s) => s.current), ...listed.filter((s) => !s.current)]
}

/** Forgets the note about one session (it was signed out). */
export async function forgetSessionDetails(db: Db, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length > 0) await db.deleteFrom('security_session_details').where('session_id', 'in', [...sessionIds]).execute()
}
