import type { Clock } from '../../src/clock.ts'
import type { GatehouseOptions } from '../../src/config.ts'
import { createGatehouseCore } from '../../src/core.ts'
import type { GatehouseCore } from '../../src/core.ts'
import type { DialectTarget } from './dialects.ts'
import { onCleanup } from './services.ts'

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long'
export const PASSWORD = 'correct horse battery staple'

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start
  return { now: () => now, advance: (ms) => void (now += ms) }
}

/** A migrated Gatehouse core on a fresh database of the given dialect, closed after the file. */
export async function createTestCore(dialect: DialectTarget, options: Partial<GatehouseOptions> = {}): Promise<GatehouseCore> {
  const core = await createGatehouseCore({
    database: await dialect.databaseUrl(),
    secret: TEST_SECRET,
    publicUrl: 'http://localhost:4000',
    ...options,
  })
  onCleanup(() => core.close())
  return core
}

/** Registration input for a fresh account; `n` keeps emails and names distinct. */
export function registration(n: number | string, overrides: Record<string, unknown> = {}) {
  return { email: `user${n}@example.com`, password: PASSWORD, password_confirmation: PASSWORD, account_name: `Account ${n}`, ...overrides }
}
