import { createGatehouse } from '../../src/index.ts'
import type { CreateGatehouseOptions, Gatehouse } from '../../src/index.ts'
import type { DialectTarget } from './dialects.ts'
import { TEST_SECRET } from './core.ts'
import { onCleanup } from './services.ts'
import { TestBrowser } from './browser.ts'

/** A full Gatehouse (core + routes) on a fresh database, closed when the test file ends. */
export async function createTestGatehouse(dialect: DialectTarget, options: Partial<CreateGatehouseOptions> = {}): Promise<Gatehouse> {
  const gatehouse = await createGatehouse({
    database: await dialect.databaseUrl(),
    secret: TEST_SECRET,
    publicUrl: 'http://localhost:4000',
    ...options,
  })
  onCleanup(() => gatehouse.close())
  return gatehouse
}

/** A browser-like client on Gatehouse's own routes. */
export function browserFor(gatehouse: Gatehouse): TestBrowser {
  return new TestBrowser((request) => gatehouse.fetch(request))
}
