import { Hono } from 'hono'
import { readChildConfig } from '../../harness/child-side.ts'
import { accountName, userEmail } from '../../harness/dataset.ts'
import { privatePage } from '../../harness/page.ts'
import { serveFetch } from '../serve.ts'

/**
 * The ceiling: Hono serving the same page with no authentication at all. `page` replaces the
 * shared page with other bytes (the tutorial's own `/private` page, as it answered a signed-in
 * request), so the tutorial has a ceiling of exactly its own size.
 */
const { page } = readChildConfig<{ page?: string }>()
const body = page ?? privatePage(userEmail(1), accountName(1))
const app = new Hono()
app.get('/private', (c) => {
  c.header('Cache-Control', 'no-store')
  return c.html(body)
})
serveFetch(app.fetch)
