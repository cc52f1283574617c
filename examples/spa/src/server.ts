import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { build } from 'esbuild'
import { Hono } from 'hono'

const here = new URL('.', import.meta.url)

/**
 * The page, its stylesheet and its script (the client bundled by esbuild once, at start).
 * `apiUrl` is the Gatehouse app the page talks to (another origin: it must allow this one
 * with `GATEHOUSE_API_CORS_ORIGINS`).
 *
 * @example
 * const app = await createSpaApp('http://localhost:4000')
 */
export async function createSpaApp(apiUrl: string): Promise<Hono> {
  const bundle = await build({ entryPoints: [new URL('main.ts', here).pathname], bundle: true, format: 'esm', target: 'es2022', write: false, minify: true, conditions: ['gatehouse-source'] })
  const script = bundle.outputFiles[0]?.text ?? ''
  const page = readFileSync(new URL('index.html', here), 'utf8').replace('%API_URL%', apiUrl.replace(/"/g, '&quot;'))
  const css = readFileSync(new URL('app.css', here), 'utf8')
  const csp = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${new URL(apiUrl).origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  const app = new Hono()
  app.get('/', (c) => c.html(page, 200, { 'content-security-policy': csp }))
  app.get('/app.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  app.get('/app.css', (c) => c.body(css, 200, { 'content-type': 'text/css; charset=utf-8' }))
  return app
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).pathname === new URL(import.meta.url).pathname) {
  const port = Number(process.env.PORT ?? 4100)
  const apiUrl = process.env.GATEHOUSE_API_URL ?? 'http://localhost:4000'
  const app = await createSpaApp(apiUrl)
  serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, () => console.log(`SPA example listening on http://localhost:${port} (API: ${apiUrl})`))
}
