import express from 'express'
import type { Express } from 'express'
import type { Gatehouse } from '@gatehouse-auth/gatehouse'
import { createExpressAdapter } from '@gatehouse-auth/gatehouse/express'

/**
 * An Express app with Gatehouse: its sign-in and registration pages, a public home page, a
 * protected `/private` page and a protected form post (`POST /notes`, CSRF-checked by
 * Gatehouse before it reaches the route).
 */
export function createExpressApp(gatehouse: Gatehouse): Express {
  const auth = createExpressAdapter(gatehouse)
  const app = express()
  app.use(auth.middleware)

  app.get('/', (req, res) =>
    auth.render(req, res, { title: 'Home', body: () => `Hello ${req.gatehouse?.currentUser?.email ?? 'visitor'}` }),
  )

  app.get('/private', auth.requireAuthenticated(), (req, res) =>
    auth.render(req, res, {
      title: 'Private',
      body: () => `Welcome ${req.gatehouse?.currentUser?.email ?? ''} of ${req.gatehouse?.currentAccount?.name ?? ''}`,
    }),
  )

  app.post('/notes', auth.requireAuthenticated(), (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>
    auth.flash(req, res, { info: `Saved: ${body['note[text]'] ?? ''}` })
    res.redirect(302, '/private')
  })

  app.use(auth.notFound)
  app.use(auth.onError)
  return app
}
