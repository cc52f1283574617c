import type { GatehouseTarget } from './database-target.ts'
import { databaseUrlOf } from './database-target.ts'
import { refreshGatehousePostgresSessions } from './seed-postgres.ts'
import { refreshGatehouseSqliteSessions } from './seed-sqlite.ts'

/** Resets the presented sessions to fresh, unrotated ones before a server starts. */
export async function refreshGatehouseSessions(target: GatehouseTarget, sessions: readonly number[]): Promise<void> {
  if (target.kind === 'sqlite') refreshGatehouseSqliteSessions(target.path, sessions)
  else await refreshGatehousePostgresSessions(databaseUrlOf(target), sessions)
}
