import { createGatehouse } from '../../src/index.ts'
import type { CreateGatehouseOptions, Gatehouse } from '../../src/index.ts'
import type { DialectTarget } from './dialects.ts'
import { TEST_SECRET } from './core.ts'
import { onCleanup } from './services.ts'
import { TestBrowser } from './browser.ts'

/**
 * Test files sign in and register many times from one client (`app.request` has no socket:
 * every request is the `unknown` address), so the helpers raise every limit a thousandfold.
 * Production defaults are untouched; rate-limit tests pass `rateLimits` themselves.
 */
export const TEST_RATE_LIMITS = Object.freeze({ multiplier: 1000 })

/** A full Gatehouse (core + routes) on a fresh database, closed when the test file ends. */
export async function createTestGatehouse(dialect: DialectTarget, options: Partial<CreateGatehouseOptions> = {}): Promise<Gatehouse> {
  const gatehouse = await createGatehouse({
    database: await dialect.databaseUrl(),
    secret: TEST_SECRET,
    publicUrl: 'http://localhost:4000',
    rateLimits: TEST_RATE_LIMITS,
    ...options,
  })
  onCleanup(() => gatehouse.close())
  return gatehouse
}

/** A browser-like client on Gatehouse's own routes. */
export function browserFor(gatehouse: Gatehouse): TestBrowser {
  return new TestBrowser((request) => gatehouse.fetch(request))
}
