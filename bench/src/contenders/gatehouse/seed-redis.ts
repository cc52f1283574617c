import { announceReady, readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import type { RedisTarget } from './redis-sessions.ts'
import { deleteRedisSessions, writeRedisSessions } from './redis-sessions.ts'

/** Child entry: puts `size.sessions` sessions in Redis for the users of an already seeded SQLite file. */
interface RedisSeedConfig {
  readonly redis: RedisTarget
  readonly sqlitePath: string
  readonly size: DatasetSize
}

const config = readChildConfig<RedisSeedConfig>()
const started = performance.now()
await deleteRedisSessions(config.redis)
await writeRedisSessions(config.redis, config.sqlitePath, config.size, { from: 1, count: config.size.sessions }, { fresh: true })
announceReady({ seconds: (performance.now() - started) / 1000 })
