import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { systemClock } from '../clock.ts'
import type { DialectName } from '../db/database.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { GatehouseConfigError } from '../errors.ts'
import { describeMailError } from './describe-error.ts'
import { deliverPendingMail } from './deliver-pending-mail.ts'
import type { DeliveryReport } from './deliver-pending-mail.ts'
import type { MailLogger, Mailer } from './mailer.ts'
import type { RetryPolicy } from './retry-policy.ts'
import { resolveRetryPolicy } from './retry-policy.ts'

export interface MailDispatcherOptions {
  readonly db: Kysely<GatehouseTables>
  readonly dialect: DialectName
  readonly mailer: Mailer
  readonly clock?: Clock
  /** Default `console`. Lines name the mail's id and recipient, never its body. */
  readonly log?: MailLogger
  readonly retry?: Partial<RetryPolicy>
  /** How often `start()` looks for due mail (retries, mail enqueued by other nodes); default 5 s. */
  readonly pollIntervalMs?: number
  /** Rows claimed at a time (default 20). */
  readonly batchSize?: number
  /** How long a claim lasts before another node may take the mail over (default 5 minutes). */
  readonly leaseMs?: number
}

/** Delivers the outbox after commit, on this node; any number of nodes may run one. */
export interface MailDispatcher {
  /**
   * Call after committing a transaction that enqueued mail: a pass runs on the next turn of the
   * event loop. Kicks coalesce (kicks during a pass cause one more pass); ignored after `stop()`.
   */
  kick(): void
  /** Starts polling (and runs a pass now), so retries and other nodes' mail go out too. */
  start(): void
  /** Stops polling and kicks, and waits for a running pass to finish. */
  stop(): Promise<void>
  /** Runs one delivery pass now and reports it; rejects only when the database fails. */
  deliverPending(): Promise<DeliveryReport>
}

/**
 * Sends the mail that transactions put in the outbox, after they commit. A failing mail server
 * never reaches the user's request: the failure is logged, the mail tried again with
 * exponential back-off, and given up (logged as an error) after `retry.maxAttempts` tries.
 *
 * @example
 * const dispatcher = createMailDispatcher({ db, dialect, mailer: createSmtpMailer(smtpUrl, { from }) })
 * dispatcher.start()
 * await db.transaction().execute((trx) => enqueueMail(trx, message, clock))
 * dispatcher.kick()
 * // on shutdown, before closing the database:
 * await dispatcher.stop()
 */
export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  const pollIntervalMs = options.pollIntervalMs ?? 5_000
  const batchSize = options.batchSize ?? 20
  const leaseMs = options.leaseMs ?? 5 * 60_000
  if (![pollIntervalMs, batchSize, leaseMs].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new GatehouseConfigError('mail dispatcher: pollIntervalMs, batchSize and leaseMs must be positive whole numbers')
  }
  const log = options.log ?? console
  const context = Object.freeze({ db: options.db, dialect: options.dialect, mailer: options.mailer, clock: options.clock ?? systemClock, log, retry: resolveRetryPolicy(options.retry), batchSize, leaseMs })

  let stopped = false
  let scheduled: ReturnType<typeof setTimeout> | null = null
  let poller: ReturnType<typeof setInterval> | null = null
  let running: Promise<void> | null = null
  let kickedWhileRunning = false

  function kick(): void {
    if (stopped) return
    if (running) kickedWhileRunning = true
    else scheduled ??= setTimeout(runPass, 0)
  }

  function runPass(): void {
    scheduled = null
    running = deliverPendingMail(context)
      .then(
        () => undefined,
        (error: unknown) => log.error(`[gatehouse] mail delivery pass failed, will retry: ${describeMailError(error)}`),
      )
      .finally(() => {
        running = null
        if (kickedWhileRunning) {
          kickedWhileRunning = false
          kick()
        }
      })
  }

  return {
    kick,
    start() {
      stopped = false
      // unref: polling alone must not keep a process alive that has nothing else to do.
      poller ??= setInterval(kick, pollIntervalMs).unref()
      kick()
    },
    async stop() {
      stopped = true
      if (poller) clearInterval(poller)
      if (scheduled) clearTimeout(scheduled)
      poller = scheduled = null
      kickedWhileRunning = false
      await running
    },
    deliverPending: () => deliverPendingMail(context),
  }
}
