/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { FieldErrors } from '@gatehouse-auth/gatehouse'
import { byMethod, scopedFields } from '@gatehouse-auth/gatehouse/hono'
import type { TutorialGatehouse } from '../tutorial-gatehouse.ts'
import { parseSecretId, parseSecretInput } from './secret-input.ts'
import { DeleteSecretPage, SecretFormPage, SecretPage, SecretsIndexPage } from './secret-pages.tsx'
import type { SecretView } from './secret-pages.tsx'

/**
 * `/secrets`, Phoenix resource style, behind `requireAuthenticated()`. Every query runs through
 * `gatehouse.scoped(c, …)`: the account comes from the session and nothing else, so another
 * account's id is simply not found (the same 404 as a missing id).
 */
export function secretsRoutes(gatehouse: TutorialGatehouse): Hono {
  const app = new Hono()
  const messages = gatehouse.config.messages
  app.use('/secrets', gatehouse.requireAuthenticated())
  app.use('/secrets/*', gatehouse.requireAuthenticated())

  const findSecret = (c: Context, id: number) =>
    gatehouse.scoped(c, (db) => db.selectFrom('secrets').select(['id', 'key', 'value']).where('id', '=', id).executeTakeFirst())

  const renderForm = (c: Context, title: string, action: string, method: 'post' | 'patch', values: { key?: string; value?: string }, errors: FieldErrors, status: 200 | 422) =>
    gatehouse.render(c, {
      title,
      status,
      body: (csrfToken) => <SecretFormPage title={title} action={action} method={method} values={values} errors={errors} messages={messages} csrfToken={csrfToken} />,
    })

  app.get('/secrets', async (c) => {
    const secrets = await gatehouse.scoped(c, (db) => db.selectFrom('secrets').select(['id', 'key', 'value']).orderBy('id').execute())
    return gatehouse.render(c, { title: 'Secrets', body: () => <SecretsIndexPage secrets={secrets} /> })
  })

  app.get('/secrets/new', (c) => renderForm(c, 'New secret', '/secrets', 'post', {}, {}, 200))

  app.post('/secrets', async (c) => {
    const fields = scopedFields(c.get('form'), 'secret')
    const input = parseSecretInput(fields)
    if (!input.ok) return renderForm(c, 'New secret', '/secrets', 'post', fields, input.errors, 422)
    const now = Date.now()
    const { id } = await gatehouse.scoped(c, (db) =>
      db
        .insertInto('secrets')
        // account_id is filled in by the scope; a value smuggled into the form never gets here.
        .values({ key: input.changes.key, value: input.changes.value, inserted_at: now, updated_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    gatehouse.flash(c, { info: 'Secret created successfully.' })
    return c.redirect(`/secrets/${id}`, 302)
  })

  const withSecret = (handler: (c: Context, secret: SecretView) => Response | Promise<Response>) => async (c: Context) => {
    const id = parseSecretId(c.req.param('id'))
    const secret = id === null ? undefined : await findSecret(c, id)
    return secret ? handler(c, secret) : gatehouse.notFound(c)
  }

  app.get(
    '/secrets/:id',
    withSecret((c, secret) => gatehouse.render(c, { title: `Secret ${secret.key}`, body: () => <SecretPage secret={secret} /> })),
  )

  app.get(
    '/secrets/:id/delete',
    withSecret((c, secret) =>
      gatehouse.render(c, {
        title: `Delete secret ${secret.key}`,
        body: (csrfToken) => <DeleteSecretPage secret={secret} accountName={c.get('currentAccount')?.name ?? ''} csrfToken={csrfToken} />,
      }),
    ),
  )

  app.get(
    '/secrets/:id/edit',
    withSecret((c, secret) => renderForm(c, 'Edit secret', `/secrets/${secret.id}`, 'patch', secret, {}, 200)),
  )

  const update = withSecret(async (c, secret) => {
    const fields = scopedFields(c.get('form'), 'secret')
    const input = parseSecretInput(fields)
    if (!input.ok) return renderForm(c, 'Edit secret', `/secrets/${secret.id}`, 'patch', fields, input.errors, 422)
    await gatehouse.scoped(c, (db) =>
      db.updateTable('secrets').set({ key: input.changes.key, value: input.changes.value, updated_at: Date.now() }).where('id', '=', secret.id).execute(),
    )
    gatehouse.flash(c, { info: 'Secret updated successfully.' })
    return c.redirect(`/secrets/${secret.id}`, 302)
  })

  const destroy = withSecret(async (c, secret) => {
    await gatehouse.scoped(c, (db) => db.deleteFrom('secrets').where('id', '=', secret.id).execute())
    gatehouse.flash(c, { info: 'Secret deleted successfully.' })
    return c.redirect('/secrets', 302)
  })

  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '/secrets/:id', byMethod({ PATCH: update, PUT: update, DELETE: destroy }))
  return app
}
