import { Hono } from 'hono'
import { createGatehouse } from '@gatehouse-auth/gatehouse'
import type { GatehouseEnv } from '@gatehouse-auth/gatehouse/hono'
import { readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { BENCH_SECRET, usedSessions } from '../../harness/dataset.ts'
import { privatePage } from '../../harness/page.ts'
import { serveFetch } from '../serve.ts'
import type { GatehouseTarget } from './database-target.ts'
import { databaseUrlOf } from './database-target.ts'
import { measureValidation } from './measure-validation.ts'
import type { ValidationRun } from './measure-validation.ts'
import { refreshGatehouseSessions } from './refresh-sessions.ts'
import type { RedisTarget } from './redis-sessions.ts'
import { writeRedisSessions } from './redis-sessions.ts'

/**
 * Child entry: Gatehouse as an app uses it: `gatehouse.middleware` on every route, its routes
 * mounted (sign-in, registration), and `/private` behind `requireAuthenticated()` rendering the
 * shared page for the signed-in user.
 */
export interface GatehouseServerConfig {
  readonly target: GatehouseTarget
  readonly size: DatasetSize
  /** How many sessions the load generator presents (`usedSessions`), reset to fresh before serving. */
  readonly presented: number
  /** Sessions in Redis instead of the `sessions` table (users and accounts stay in SQL). */
  readonly redis?: RedisTarget
}

const config = readChildConfig<GatehouseServerConfig>()
if (config.redis && config.target.kind === 'sqlite') {
  await writeRedisSessions(config.redis, config.target.path, config.size, usedSessions(config.size, config.presented))
} else {
  await refreshGatehouseSessions(config.target, usedSessions(config.size, config.presented))
}
const gatehouse = await createGatehouse({
  database: databaseUrlOf(config.target),
  secret: BENCH_SECRET,
  publicUrl: 'http://127.0.0.1',
  migrate: false,
  production: true,
  // Every client here is 127.0.0.1: raise the per-address limits out of the way, but keep their
  // counting, which every sign-in pays in production too.
  rateLimits: { multiplier: 1_000_000 },
  ...(config.redis ? { sessionStore: { redisUrl: config.redis.url, keyPrefix: config.redis.keyPrefix } } : {}),
})
const app = new Hono<GatehouseEnv>()
app.use(gatehouse.middleware)
app.route('/', gatehouse.app)
app.get('/private', gatehouse.requireAuthenticated(), (c) => {
  const user = c.get('currentUser')
  const account = c.get('currentAccount')
  return c.html(privatePage(user?.email ?? '', account?.name ?? ''))
})
// For scenario 5: session validation alone, in this process (no HTTP, no load generator).
serveFetch(app.fetch, { validate: (run) => measureValidation(gatehouse.validateSessionToken, run as ValidationRun) })

