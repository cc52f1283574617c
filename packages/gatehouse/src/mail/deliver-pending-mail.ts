import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { DialectName } from '../db/database.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { describeMailError } from './describe-error.ts'
import type { MailLogger, Mailer } from './mailer.ts'
import { claimDueMail, recordMailFailure, recordMailSent } from './outbox-store.ts'
import type { ClaimedMail } from './outbox-store.ts'
import type { RetryPolicy } from './retry-policy.ts'
import { retryDelayMs } from './retry-policy.ts'

/** What one delivery pass works with; built once by `createMailDispatcher`. */
export interface DeliveryContext {
  readonly db: Kysely<GatehouseTables>
  readonly dialect: DialectName
  readonly mailer: Mailer
  readonly clock: Clock
  readonly log: MailLogger
  readonly retry: RetryPolicy
  readonly batchSize: number
  readonly leaseMs: number
}

/** How many mails one pass sent, and how many tries failed (retried later or given up). */
export interface DeliveryReport {
  readonly sent: number
  readonly failed: number
}

// A pass stops after this many batches even if more keep arriving; the next pass goes on.
const MAX_BATCHES_PER_PASS = 50

/**
 * Sends every due mail once: claims a batch, sends each, records the outcome, and repeats
 * until nothing is due. Send failures are logged (never with the body) and scheduled for a
 * retry; only a database failure rejects.
 */
export async function deliverPendingMail(ctx: DeliveryContext): Promise<DeliveryReport> {
  let sent = 0
  let failed = 0
  for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
    const claimed = await claimDueMail(ctx.db, ctx.dialect, { now: ctx.clock.now(), leaseMs: ctx.leaseMs, limit: ctx.batchSize })
    for (const mail of claimed) {
      if (await deliverOne(ctx, mail)) sent++
      else failed++
    }
    if (claimed.length < ctx.batchSize) break
  }
  return { sent, failed }
}

async function deliverOne(ctx: DeliveryContext, mail: ClaimedMail): Promise<boolean> {
  const keepBody = ctx.mailer.keepsSentMail === true
  try {
    await ctx.mailer.send({ to: mail.recipient, subject: mail.subject, text: mail.text, html: mail.html })
  } catch (error) {
    const reason = describeMailError(error, [mail.subject, mail.text, mail.html])
    const givingUp = mail.attempts >= ctx.retry.maxAttempts
    const retryAt = givingUp ? null : ctx.clock.now() + retryDelayMs(ctx.retry, mail.attempts)
    await recordMailFailure(ctx.db, mail.id, { now: ctx.clock.now(), error: reason, retryAt, keepBody })
    if (givingUp) {
      ctx.log.error(`[gatehouse] mail ${mail.id} to ${mail.recipient} given up after ${mail.attempts} failed attempt(s): ${reason}`)
    } else {
      const seconds = Math.round(retryDelayMs(ctx.retry, mail.attempts) / 1000)
      ctx.log.warn(`[gatehouse] mail ${mail.id} to ${mail.recipient} not sent (attempt ${mail.attempts} of ${ctx.retry.maxAttempts}), retrying in ${seconds}s: ${reason}`)
    }
    return false
  }
  await recordMailSent(ctx.db, mail.id, { now: ctx.clock.now(), keepBody })
  return true
}
