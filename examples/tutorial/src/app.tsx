import { Hono } from 'hono'
import type { Gatehouse } from 'gatehouse'
import { Card } from 'gatehouse/hono'

/**
 * The tutorial app: a public home page and a protected `/private` page, with Gatehouse's
 * routes (sign-in, registration) mounted beside them.
 */
export function createTutorialApp(gatehouse: Gatehouse): Hono {
  const app = new Hono()
  app.use(gatehouse.middleware)
  app.route('/', gatehouse.app)

  app.get('/', (c) =>
    gatehouse.render(c, {
      title: 'Gatehouse tutorial',
      body: () => (
        <Card title="Multi-tenancy and authentication">
          <p class="text-slate-700">
            Register with an account name to create your account and its first user, then visit the{' '}
            <a href="/private" class="text-indigo-700 hover:underline">
              private page
            </a>
            .
          </p>
        </Card>
      ),
    }),
  )

  app.get('/private', gatehouse.requireAuthenticated(), (c) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    return gatehouse.render(c, {
      title: 'Private',
      body: () => (
        <Card title="Private">
          <p class="text-lg">Welcome {user?.email}</p>
          <p class="mt-2 text-sm text-slate-600">Account: {account?.name}</p>
        </Card>
      ),
    })
  })

  app.notFound(gatehouse.notFound)
  app.onError(gatehouse.onError)
  return app
}
