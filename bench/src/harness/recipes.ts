import { gatehouseCsrf } from './clients.ts'
import { BENCH_PASSWORD } from './dataset.ts'
import type { FormRecipe } from './load-types.ts'

const FORM = 'application/x-www-form-urlencoded'
const PASSWORD = encodeURIComponent(BENCH_PASSWORD)

/** Gatehouse's sign-in form (`POST /session`) with valid credentials: answered by 302 to `/`. */
export async function gatehouseSignIn(origin: string, users: number): Promise<FormRecipe> {
  const csrf = await gatehouseCsrf(origin)
  return {
    path: '/session',
    contentType: FORM,
    headers: { cookie: csrf.cookie },
    body: `_csrf_token=${csrf.token}&user%5Bemail%5D=user{user}%40example.com&user%5Bpassword%5D=${PASSWORD}`,
    expectStatus: 302,
    users,
  }
}

/** Gatehouse's registration form (`POST /registration`): a new account and owner, signed in, 302. */
export async function gatehouseRegistration(origin: string, uniquePrefix: string): Promise<FormRecipe> {
  const csrf = await gatehouseCsrf(origin)
  return {
    path: '/registration',
    contentType: FORM,
    headers: { cookie: csrf.cookie },
    body:
      `_csrf_token=${csrf.token}&user%5Bemail%5D=new-{unique}%40example.com&user%5Bpassword%5D=${PASSWORD}` +
      `&user%5Bpassword_confirmation%5D=${PASSWORD}&user%5Baccount_name%5D=New+{unique}`,
    expectStatus: 302,
    uniquePrefix,
  }
}

/** better-auth's `POST /api/auth/sign-in/email` with valid credentials: 200 with the session cookie. */
export function betterAuthSignIn(users: number): FormRecipe {
  return {
    path: '/api/auth/sign-in/email',
    contentType: 'application/json',
    body: `{"email":"user{user}@example.com","password":${JSON.stringify(BENCH_PASSWORD)}}`,
    expectStatus: 200,
    users,
  }
}

/** better-auth's `POST /api/auth/sign-up/email`: a new user, credential account and session, 200. */
export function betterAuthSignUp(uniquePrefix: string): FormRecipe {
  return {
    path: '/api/auth/sign-up/email',
    contentType: 'application/json',
    body: `{"email":"new-{unique}@example.com","password":${JSON.stringify(BENCH_PASSWORD)},"name":"New {unique}"}`,
    expectStatus: 200,
    uniquePrefix,
  }
}
