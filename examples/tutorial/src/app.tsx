/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { Card } from '@gatehouse-auth/gatehouse/hono'
import { secretsRoutes } from './secrets/secrets-routes.tsx'
import type { TutorialGatehouse } from './tutorial-gatehouse.ts'

/**
 * The tutorial app: a public home page, a protected `/private` page and the account-scoped
 * `/secrets` resource, with Gatehouse's routes (sign-in, registration) mounted beside them.
 */
export function createTutorialApp(gatehouse: TutorialGatehouse): Hono {
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
          <p class="mt-6">
            <a href="/secrets" class="text-indigo-700 hover:underline">
              Your account's secrets
            </a>
          </p>
        </Card>
      ),
    })
  })

  app.route('/', secretsRoutes(gatehouse))

  app.notFound(gatehouse.notFound)
  app.onError(gatehouse.onError)
  return app
}
