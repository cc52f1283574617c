import { createServer } from 'node:http'
import { createGatehouse, GatehouseConfigError, loadEnvConfig } from '@gatehouse-auth/gatehouse'
import { createNodeHandler } from './handler.ts'

/** `npm start`: the plain node:http example on http://localhost:4000. */
async function main() {
  const env = loadEnvConfig(process.env)
  const gatehouse = await createGatehouse(env.options)
  const handle = createNodeHandler(gatehouse)
  const server = createServer((req, res) => void handle(req, res))
  server.listen(env.port, env.host, () => console.log(`node:http example on ${env.publicUrl}`))
  const shutdown = () => server.close(() => void gatehouse.close().then(() => process.exit(0)))
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof GatehouseConfigError ? `Configuration error: ${error.message}` : error)
  process.exit(1)
})
