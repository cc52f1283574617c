import { Hono } from 'hono'
import { accountName, userEmail } from '../../harness/dataset.ts'
import { privatePage } from '../../harness/page.ts'
import { serveFetch } from '../serve.ts'

/** The ceiling: Hono serving the same page with no authentication at all. */
const app = new Hono()
app.get('/private', (c) => {
  c.header('Cache-Control', 'no-store')
  return c.html(privatePage(userEmail(1), accountName(1)))
})
serveFetch(app.fetch)
