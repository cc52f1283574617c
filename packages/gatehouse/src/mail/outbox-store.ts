import type { Kysely } from 'kysely'
import type { DialectName } from '../db/database.ts'
import type { GatehouseTables } from '../db/schema.ts'

/** A row a node has claimed and now sends. */
export interface ClaimedMail {
  readonly id: number
  readonly recipient: string
  readonly subject: string
  readonly text: string
  readonly html: string
  /** Tries including this one. */
  readonly attempts: number
}

/**
 * Claims up to `limit` due rows for this node until `now + leaseMs`, counting the try. Safe
 * with several nodes: on PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED`
 * and the outer conditions are re-checked on the locked row; SQLite has a single writer, so
 * the conditional UPDATE is atomic. A node that dies mid-send leaves its rows to be claimed
 * again once the lease has run out.
 */
export async function claimDueMail(
  db: Kysely<GatehouseTables>,
  dialect: DialectName,
  { now, leaseMs, limit }: { now: number; leaseMs: number; limit: number },
): Promise<ClaimedMail[]> {
  const rows = await db
    .updateTable('mail_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), claimed_until: now + leaseMs }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<=', now)]))
        .orderBy('id')
        .limit(limit)
        .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<=', now)]))
    .returning(['id', 'recipient', 'subject', 'text_body', 'html_body', 'attempts'])
    .execute()
  return rows
    .map((row) => ({ id: row.id, recipient: row.recipient, subject: row.subject, text: row.text_body ?? '', html: row.html_body ?? '', attempts: row.attempts }))
    .sort((a, b) => a.id - b.id)
}

/** Marks a claimed row sent; `keepBody: false` clears the bodies (they hold one-time links). */
export async function recordMailSent(db: Kysely<GatehouseTables>, id: number, { now, keepBody }: { now: number; keepBody: boolean }): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: now, claimed_until: null, last_error: null, ...(keepBody ? {} : { text_body: null, html_body: null }) })
    .where('id', '=', id)
    .execute()
}

/**
 * Records a failed try: the row is due again at `retryAt`, or, when `retryAt` is null, given
 * up for good (and its bodies cleared unless `keepBody`).
 */
export async function recordMailFailure(
  db: Kysely<GatehouseTables>,
  id: number,
  { now, error, retryAt, keepBody }: { now: number; error: string; retryAt: number | null; keepBody: boolean },
): Promise<void> {
  const outcome = retryAt === null ? { failed_at: now, ...(keepBody ? {} : { text_body: null, html_body: null }) } : { next_attempt_at: retryAt }
  await db
    .updateTable('mail_outbox')
    .set({ ...outcome, claimed_until: null, last_error: error })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute()
}
