import { join } from 'node:path'
import type { DatasetSize } from './dataset.ts'
import type { RunContext } from './run-context.ts'
import { seedDatabase } from './servers.ts'

const seeded = new Map<string, Promise<string>>()

function once(key: string, seed: () => Promise<string>): Promise<string> {
  let path = seeded.get(key)
  if (!path) {
    path = seed()
    seeded.set(key, path)
  }
  return path
}

function label(size: DatasetSize): string {
  return `${size.users}u-${size.sessions}s`
}

/**
 * The SQLite file of a Gatehouse database of this size, seeded on first use in this run and
 * shared by later scenarios (which only add rows to it: sign-ins, registrations).
 *
 * @example
 * const path = await gatehouseSqlite(ctx, ctx.profile.dataset, seedSeconds)
 */
export function gatehouseSqlite(ctx: RunContext, size: DatasetSize, seedSeconds: Record<string, number>): Promise<string> {
  const key = `gatehouse-${label(size)}`
  return once(key, async () => {
    const path = join(ctx.workDir, `${key}.sqlite`)
    ctx.log(`seeding ${key}`)
    seedSeconds[key] = await seedDatabase(key, 'gatehouse', { target: { kind: 'sqlite', path }, size })
    return path
  })
}

/** The same for better-auth's SQLite database. */
export function betterAuthSqlite(ctx: RunContext, size: DatasetSize, seedSeconds: Record<string, number>): Promise<string> {
  const key = `better-auth-${label(size)}`
  return once(key, async () => {
    const path = join(ctx.workDir, `${key}.sqlite`)
    ctx.log(`seeding ${key}`)
    seedSeconds[key] = await seedDatabase(key, 'better-auth', { path, size })
    return path
  })
}

/** The same for the express-session + passport database. */
export function expressSqlite(ctx: RunContext, size: DatasetSize, seedSeconds: Record<string, number>): Promise<string> {
  const key = `express-${label(size)}`
  return once(key, async () => {
    const path = join(ctx.workDir, `${key}.sqlite`)
    ctx.log(`seeding ${key}`)
    seedSeconds[key] = await seedDatabase(key, 'express', { path, size })
    return path
  })
}
