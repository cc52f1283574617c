import { createGatehouse, GatehouseConfigError, loadEnvConfig } from '@gatehouse-auth/gatehouse'
import { createExpressApp } from './app.ts'

/** `npm start`: the Express example on http://localhost:4000 (SQLite under ./data by default). */
async function main() {
  const env = loadEnvConfig(process.env)
  const gatehouse = await createGatehouse(env.options)
  const server = createExpressApp(gatehouse).listen(env.port, env.host, () => console.log(`Express example on ${env.publicUrl}`))
  const shutdown = () => server.close(() => void gatehouse.close().then(() => process.exit(0)))
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof GatehouseConfigError ? `Configuration error: ${error.message}` : error)
  process.exit(1)
})
