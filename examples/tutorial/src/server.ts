import { serve } from '@hono/node-server'
import { GatehouseConfigError, loadEnvConfig } from '@gatehouse-auth/gatehouse'
import { createTutorialApp } from './app.tsx'
import { createTutorialGatehouse, tutorialExtensions } from './tutorial-gatehouse.ts'

/**
 * `npm start`: the tutorial on http://localhost:4000 with an SQLite file under ./data.
 * In development migrations run at start-up; with NODE_ENV=production run `gatehouse migrate`
 * before starting (GATEHOUSE_MIGRATE_ON_START=1 overrides).
 */
async function main() {
  const env = loadEnvConfig(process.env)
  const gatehouse = await createTutorialGatehouse({
    ...env.options,
    extensions: tutorialExtensions({
      emailConfirmation: ['1', 'true', 'on'].includes(process.env.GATEHOUSE_EMAIL_CONFIRMATION ?? ''),
      // Comma-separated origins whose pages may call /api/v1 (CORS); unset: none.
      apiCorsOrigins: (process.env.GATEHOUSE_API_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== ''),
    }),
  })
  const app = createTutorialApp(gatehouse)
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    const sessions = gatehouse.redis ? 'Redis' : 'SQL'
    console.log(`Gatehouse tutorial listening on http://${info.address}:${info.port} (public URL ${env.publicUrl}, database ${gatehouse.database.dialect}, sessions ${sessions})`)
  })
  const shutdown = () => {
    server.close(() => void gatehouse.close().then(() => process.exit(0)))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof GatehouseConfigError ? `Configuration error: ${error.message}` : error)
  process.exit(1)
})
