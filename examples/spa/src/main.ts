import { createGatehouseClient } from '@gatehouse-auth/gatehouse/client'
import type { ApiResult, TokenPair, TokenStore } from '@gatehouse-auth/gatehouse/client'

/**
 * The single page: forms for registration and sign-in, then the account's secrets, all
 * through the typed client against the API named in `<meta name="gatehouse-api">`.
 */

interface Secret {
  readonly id: number
  readonly key: string
  readonly value: string
}

/**
 * Tokens in sessionStorage: they survive a reload of this tab and end with it. Any script on
 * the page could read them (as it could a memory store's), so the page loads only its own code.
 */
function sessionTokenStore(): TokenStore {
  const key = 'gatehouse-tokens'
  return {
    get: () => JSON.parse(sessionStorage.getItem(key) ?? 'null') as TokenPair | null,
    set: (tokens) => (tokens ? sessionStorage.setItem(key, JSON.stringify(tokens)) : sessionStorage.removeItem(key)),
  }
}

const apiUrl = document.querySelector<HTMLMetaElement>('meta[name="gatehouse-api"]')?.content ?? ''
const client = createGatehouseClient({ baseUrl: apiUrl, tokens: sessionTokenStore() })

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const signedOutView = byId<HTMLElement>('signed-out')
const signedInView = byId<HTMLElement>('signed-in')
const status = byId<HTMLElement>('status')

function fieldsOf(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form).entries()].map(([name, value]) => [name, String(value)]))
}

/** Says what went wrong, with the server's field messages (`email: has already been taken`). */
function showError(result: ApiResult<unknown>): void {
  if (result.ok) return
  const fields = Object.entries(result.error.errors ?? {}).map(([field, messages]) => `${field.replace('_', ' ')}: ${messages.join(', ')}`)
  status.textContent = [result.error.message, ...fields].join('. ')
  status.setAttribute('role', 'alert')
}

function say(text: string): void {
  status.textContent = text
  status.setAttribute('role', 'status')
}

async function showSignedIn(): Promise<void> {
  const me = await client.me()
  if (!me.ok) return showSignedOut()
  signedOutView.hidden = true
  signedInView.hidden = false
  byId('who').textContent = `${me.data.user.email} (${me.data.user.role}) of ${me.data.account.name}`
  await listSecrets()
}

function showSignedOut(): void {
  signedInView.hidden = true
  signedOutView.hidden = false
}

async function listSecrets(): Promise<void> {
  const result = await client.request<Secret[]>('GET', '/api/v1/secrets')
  if (!result.ok) return showError(result)
  const list = byId<HTMLUListElement>('secrets')
  list.replaceChildren(
    ...result.data.map((secret) => {
      const item = document.createElement('li')
      item.textContent = `${secret.key}: ${secret.value}`
      return item
    }),
  )
  byId('no-secrets').hidden = result.data.length > 0
}

byId<HTMLFormElement>('register-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const fields = fieldsOf(event.currentTarget as HTMLFormElement)
  const result = await client.register({ email: fields.email, password: fields.password, password_confirmation: fields.password_confirmation, account_name: fields.account_name })
  if (!result.ok) return showError(result)
  say('Welcome! Your account has been created.')
  await showSignedIn()
})

byId<HTMLFormElement>('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const fields = fieldsOf(event.currentTarget as HTMLFormElement)
  const result = await client.signIn({ email: fields.email, password: fields.password })
  if (!result.ok) return showError(result)
  say('Signed in.')
  await showSignedIn()
})

byId<HTMLFormElement>('secret-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const form = event.currentTarget as HTMLFormElement
  const fields = fieldsOf(form)
  const result = await client.request<Secret>('POST', '/api/v1/secrets', { secret: { key: fields.key, value: fields.value } })
  if (!result.ok) return showError(result)
  form.reset()
  say(`Secret ${result.data.key} created.`)
  await listSecrets()
})

byId<HTMLButtonElement>('sign-out').addEventListener('click', async () => {
  await client.signOut()
  say('Signed out.')
  showSignedOut()
})

if (client.signedIn()) void showSignedIn()
else showSignedOut()
