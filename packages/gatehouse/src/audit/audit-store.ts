import { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import { compileTemplate, prepareStatement } from '../db/prepared-statements.ts'
import type { GatehouseTables } from '../db/schema.ts'
import type { AuditDetails, AuditEntry, AuditEvent, AuditEventType } from './audit-entry.ts'
import type { AuditOrigin } from './audit-origin.ts'

/** Longest user agent kept: enough to tell browsers apart, too short to smuggle a document in. */
export const USER_AGENT_MAX_LENGTH = 256
const IP_MAX_LENGTH = 64
const DETAIL_MAX_LENGTH = 320
/** Keys that could only ever hold a secret; dropped even if a future caller passes them. */
const SECRET_KEY = /pass|token|secret|cookie|session|hash|body|html|text|csrf/i

/**
 * Writes one event with its origin. Details keep plain values under harmless keys only, each
 * cut to a short length; the user agent and IP are cut too, and control characters removed.
 *
 * @example
 * await recordAuditEvent(db, clock, { type: 'sign_out', accountId: 1, userId: 2, details: {} }, { ip: '127.0.0.1', userAgent: null })
 */
export async function recordAuditEvent(db: Kysely<GatehouseTables>, clock: Clock, entry: AuditEntry, origin: AuditOrigin): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(clock, entry, origin)).execute()
}

/**
 * `recordAuditEvent` with its insert compiled once; given the `Database` (not only its Kysely
 * instance) it runs without Kysely's executor (`prepareStatement`). What the core subscribes.
 *
 * @example
 * const record = createAuditRecorder(database, clock)
 * await record({ type: 'sign_out', accountId: 1, userId: 2, details: {} }, UNKNOWN_ORIGIN)
 */
export function createAuditRecorder(source: Database | Kysely<GatehouseTables>, clock: Clock): (entry: AuditEntry, origin: AuditOrigin) => Promise<void> {
  const db = source instanceof Kysely ? source : source.db
  const template = compileTemplate<AuditRow>((row) => db.insertInto('audit_events').values(row), {
    account_id: -9_000_000_001,
    user_id: -9_000_000_002,
    event_type: '\u0000event_type',
    ip: '\u0000ip',
    user_agent: '\u0000user_agent',
    occurred_at: -9_000_000_003,
    details: '\u0000details',
  })
  const insert = prepareStatement(source, template.query)
  return async (entry, origin) => {
    await insert(template.parametersOf(auditRow(clock, entry, origin)))
  }
}

interface AuditRow {
  readonly account_id: number | null
  readonly user_id: number | null
  readonly event_type: string
  readonly ip: string | null
  readonly user_agent: string | null
  readonly occurred_at: number
  readonly details: string
}

function auditRow(clock: Clock, entry: AuditEntry, origin: AuditOrigin): AuditRow {
  return {
    account_id: entry.accountId,
    user_id: entry.userId,
    event_type: entry.type,
    ip: clean(origin.ip, IP_MAX_LENGTH),
    user_agent: clean(origin.userAgent, USER_AGENT_MAX_LENGTH),
    occurred_at: clock.now(),
    details: JSON.stringify(safeDetails(entry.details)),
  }
}

/**
 * An account's events, newest first, with the acting user's current email.
 *
 * @example
 * const events = await listAccountAuditEvents(db, account.id, { limit: 20 })
 */
export async function listAccountAuditEvents(db: Kysely<GatehouseTables>, accountId: number, options: { limit?: number } = {}): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.user_id')
    .select([
      'audit_events.id',
      'audit_events.event_type',
      'audit_events.account_id',
      'audit_events.user_id',
      'users.email as user_email',
      'audit_events.ip',
      'audit_events.user_agent',
      'audit_events.occurred_at',
      'audit_events.details',
    ])
    .where('audit_events.account_id', '=', accountId)
    .orderBy('audit_events.occurred_at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(Math.max(1, Math.min(options.limit ?? 50, 500)))
    .execute()
  return rows.map((row) => ({
    id: row.id,
    type: row.event_type as AuditEventType,
    accountId: row.account_id,
    userId: row.user_id,
    userEmail: row.user_email ?? null,
    ip: row.ip,
    userAgent: row.user_agent,
    occurredAt: row.occurred_at,
    details: parseDetails(row.details),
  }))
}

function safeDetails(details: AuditDetails): AuditDetails {
  const kept: Record<string, string | number | boolean | null> = {}
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEY.test(key)) continue
    if (typeof value === 'string') kept[key] = clean(value, DETAIL_MAX_LENGTH)
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) kept[key] = value
  }
  return kept
}

function clean(value: string | null, maxLength: number): string | null {
  if (value === null) return null
  // eslint-disable-next-line no-control-regex -- control characters (NUL among them) are what is removed
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '')
  return [...text].slice(0, maxLength).join('')
}

function parseDetails(text: string): AuditDetails {
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as AuditDetails) : {}
  } catch {
    return {}
  }
}
