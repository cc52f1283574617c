import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { BENCH_SECRET, usedSessions } from '../../harness/dataset.ts'
import { refreshGatehouseSqliteSessions } from '../gatehouse/seed-sqlite.ts'
import { serveFetch } from '../serve.ts'

/**
 * Child entry: the example app itself (examples/tutorial: its Gatehouse with the reset-password
 * extension, its pages and the account-scoped /secrets), in production mode with a mailer that
 * drops mail, on a seeded SQLite file.
 */
interface TutorialServerConfig {
  readonly path: string
  readonly size: DatasetSize
  readonly presented: number
}

const config = readChildConfig<TutorialServerConfig>()
refreshGatehouseSqliteSessions(config.path, usedSessions(config.size, config.presented))
const gatehouse = await createTutorialGatehouse({
  database: `sqlite:${config.path}`,
  secret: BENCH_SECRET,
  publicUrl: 'http://127.0.0.1',
  migrate: false,
  production: true,
  // Every client here is 127.0.0.1: limits raised out of the way, still counted.
  rateLimits: { multiplier: 1_000_000 },
  mail: { mailer: { send: async () => undefined } },
})
serveFetch(createTutorialApp(gatehouse).fetch)
