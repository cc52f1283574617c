import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { BENCH_SECRET, usedSessions } from '../../harness/dataset.ts'
import type { GatehouseTarget } from '../gatehouse/database-target.ts'
import { databaseUrlOf } from '../gatehouse/database-target.ts'
import { refreshGatehouseSessions } from '../gatehouse/refresh-sessions.ts'
import { serveFetch } from '../serve.ts'

/**
 * Child entry: the example app itself, built as `npm start` builds it (examples/tutorial: its
 * Gatehouse with every extension it switches on, its pages and the account-scoped /secrets),
 * in production mode with a mailer that drops mail, on a seeded SQLite file or PostgreSQL.
 */
interface TutorialServerConfig {
  readonly target: GatehouseTarget
  readonly size: DatasetSize
  readonly presented: number
}

const config = readChildConfig<TutorialServerConfig>()
await refreshGatehouseSessions(config.target, usedSessions(config.size, config.presented))
const gatehouse = await createTutorialGatehouse({
  database: databaseUrlOf(config.target),
  secret: BENCH_SECRET,
  publicUrl: 'http://127.0.0.1',
  migrate: false,
  production: true,
  // Every client here is 127.0.0.1: limits raised out of the way, still counted.
  rateLimits: { multiplier: 1_000_000 },
  mail: { mailer: { send: async () => undefined } },
  // The benchmark connects to PostgreSQL as its superuser, which row-level security does not
  // bind; /private reads no tenant table, so the page measured is the same either way.
  ...(config.target.kind === 'postgres' ? { tenancy: { allowRowSecurityBypass: true } } : {}),
})
serveFetch(createTutorialApp(gatehouse).fetch)
