/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { GatehouseConfigError } from '../../errors.ts'
import { DEV_MAILBOX_PATH, findMailboxMail, listMailboxMail } from '../../mail/dev-mailbox.ts'
import { DevMailboxListPage, DevMailboxMailPage } from '../pages/dev-mailbox-page.tsx'
import { renderError, renderPage } from '../render.tsx'
import type { WebContext } from '../web-context.ts'

/**
 * The development mailbox: `GET /dev/mailbox` lists the mails sent through
 * `createDevMailboxMailer`, `GET /dev/mailbox/:id` shows one. Mount it only in development
 * when `SMTP_URL` is unset; it refuses to be built when `NODE_ENV=production`, because it
 * shows every user's one-time links to whoever reaches it.
 *
 * @example
 * if (!production && !env.SMTP_URL) app.route('/', createDevMailboxRoutes(web))
 */
export function createDevMailboxRoutes(web: WebContext): Hono {
  if (web.core.config.production) {
    throw new GatehouseConfigError('the dev mailbox shows every mail with its links: it is never mounted in production (set SMTP_URL)')
  }
  const db = web.core.database.db
  const app = new Hono()

  app.get(DEV_MAILBOX_PATH, async (c) => {
    const mails = await listMailboxMail(db)
    return renderPage(web, c, { title: 'Dev mailbox', body: () => <DevMailboxListPage mails={mails} /> })
  })

  app.get(`${DEV_MAILBOX_PATH}/:id`, async (c) => {
    const id = parseMailId(c.req.param('id'))
    const mail = id === null ? null : await findMailboxMail(db, id)
    if (!mail) return renderError(web, c, 404, web.core.config.messages.notFound)
    return renderPage(web, c, { title: `Mail: ${mail.subject}`, body: () => <DevMailboxMailPage mail={mail} /> })
  })

  return app
}

/** A positive id small enough for both databases, or null (answered with 404, never 500). */
function parseMailId(raw: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : null
}
