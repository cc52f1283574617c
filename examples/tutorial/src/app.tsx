/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { Card, LINK_CLASS, TextLink } from '@gatehouse-auth/gatehouse/hono'
import { secretsApiRoutes } from './secrets/secrets-api.ts'
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

  app.get('/', (c) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    return gatehouse.render(c, {
      title: 'Home',
      body: () =>
        user ? (
          <Card title="Welcome back">
            <p class="text-slate-700">
              You are signed in as <strong>{user.email}</strong>
              {account ? (
                <>
                  {' '}
                  in <strong>{account.name}</strong>
                </>
              ) : null}
              . Where to next?
            </p>
            <ul class="mt-4 list-disc space-y-3 pl-5">
              <li>
                <TextLink href="/private">The private page</TextLink>
              </li>
              <li>
                <TextLink href="/secrets">Your account's secrets</TextLink>
              </li>
              <li>
                <TextLink href="/account">The account's members and invitations</TextLink>
              </li>
              <li>
                <TextLink href="/registration/edit">Your email and password</TextLink>
              </li>
            </ul>
          </Card>
        ) : (
          <Card title="Multi-tenancy and authentication">
            <p class="text-slate-700">
              <TextLink href="/registration/new">Register</TextLink> with an account name to create your account and its first user, or{' '}
              <TextLink href="/session/new">sign in</TextLink>. Then visit the <TextLink href="/private">private page</TextLink>.
            </p>
          </Card>
        ),
    })
  })

  app.get('/private', gatehouse.requireAuthenticated(), (c) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    return gatehouse.render(c, {
      title: 'Private',
      body: () => (
        <Card title="Private">
          <p class="text-lg">Welcome {user?.email}</p>
          <p class="mt-2 text-sm text-slate-700">Account: {account?.name}</p>
          <p class="mt-6">
            <a href="/secrets" class={LINK_CLASS}>
              Your account's secrets
            </a>
          </p>
        </Card>
      ),
    })
  })

  app.route('/', secretsRoutes(gatehouse))
  app.route('/', secretsApiRoutes(gatehouse))

  app.notFound(gatehouse.notFound)
  app.onError(gatehouse.onError)
  return app
}
