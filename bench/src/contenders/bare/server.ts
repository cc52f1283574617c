import { Hono } from 'hono'
import { readChildConfig } from '../../harness/child-side.ts'
import { accountName, userEmail } from '../../harness/dataset.ts'
import { privatePage } from '../../harness/page.ts'
import { serveFetch } from '../serve.ts'

/**
 * The ceiling: Hono serving the same page with no authentication at all. `page` replaces the
 * shared page with other bytes and `headers` its headers (the tutorial's own `/private` answer
 * to a signed-in request, security headers included), so the tutorial has a ceiling sending
 * exactly its bytes.
 */
const { page, headers } = readChildConfig<{ page?: string; headers?: Array<[string, string]> }>()
const body = page ?? privatePage(userEmail(1), accountName(1))
const app = new Hono()
app.get('/private', (c) => {
  if (headers) for (const [name, value] of headers) c.header(name, value)
  else c.header('Cache-Control', 'no-store')
  return c.html(body)
})
serveFetch(app.fetch)
