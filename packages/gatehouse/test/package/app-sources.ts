/** The apps the installed-package test compiles and runs, as a user would write them. */

export const STRICT_TSCONFIG = `${JSON.stringify(
  { compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, outDir: 'dist', rootDir: 'src', types: ['node'] }, include: ['src'] },
  null,
  2,
)}\n`

export const HAND_WRITTEN_APP = `import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createGatehouse, loadEnvConfig, resetPassword } from '@gatehouse-auth/gatehouse'
import type { GatehouseEnv } from '@gatehouse-auth/gatehouse/hono'

const env = loadEnvConfig(process.env)
const gatehouse = await createGatehouse({ ...env.options, extensions: [resetPassword()] })
const app = new Hono<GatehouseEnv>()
app.use(gatehouse.middleware)
app.route('/', gatehouse.app)
app.get('/private', gatehouse.requireAuthenticated(), (c) => c.text(\`Private page of \${c.get('currentUser')?.email ?? 'nobody'}\`))
serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => console.log(\`listening on \${info.port}\`))
`

export const HONO_STARTER_ENTRY = `import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()

app.get('/', (c) => {
  return c.text('Hello Hono!')
})

serve({
  fetch: app.fetch,
  port: 3000
}, (info) => {
  console.log(\`Server is running on http://localhost:\${info.port}\`)
})
`

export const EXPRESS_STARTER_ENTRY = `import express from 'express'

const app = express()
const port = 3000

app.get('/', (req, res) => {
  res.send('Hello World!')
})

app.listen(port, () => {
  console.log(\`Example app listening on port \${port}\`)
})
`
