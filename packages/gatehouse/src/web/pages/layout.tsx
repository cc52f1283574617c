/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { Account, User } from '../../models.ts'
import type { Flash } from '../flash.ts'
import { CsrfField, MethodField } from './components.tsx'

export interface LayoutProps {
  /** What this page is; the layout adds the site name (`Sign in · Gatehouse`). */
  readonly title: string
  readonly currentUser: User | null
  readonly currentAccount: Account | null
  readonly flash: Flash
  readonly csrfToken: string
  readonly stylesheet: string
  /** Links extensions add for signed-in users (“Account”). */
  readonly navLinks?: Child
  readonly children: Child
}

/** The site name in every page title and in the header. */
export const SITE_NAME = 'Gatehouse'

const NAV_LINK = 'font-medium text-indigo-700 hover:underline'

/**
 * The page frame: navigation (sign in / register, or who is signed in with their links and
 * sign out), flash, content. It fits a 360 px phone: the header wraps, long emails and
 * account names are cut with an ellipsis, and messages and cards share one width.
 */
export function Layout({ title, currentUser, currentAccount, flash, csrfToken, stylesheet, navLinks, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === SITE_NAME ? title : `${title} · ${SITE_NAME}`}</title>
        <link rel="stylesheet" href={stylesheet} />
      </head>
      <body class="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a href="#main" class="sr-only rounded-md bg-white px-4 py-2 font-medium text-indigo-700 focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-10 focus:ring-2 focus:ring-indigo-500">
          Skip to main content
        </a>
        <header class="border-b border-slate-200 bg-white">
          <nav aria-label="Main" class="mx-auto flex max-w-2xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <a href="/" class="mr-auto text-lg font-bold text-indigo-700">
              {SITE_NAME}
            </a>
            {currentUser ? (
              <>
                <ul class="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                  {navLinks ? <li>{navLinks}</li> : null}
                  <li>
                    <a href="/registration/edit" class={NAV_LINK}>
                      Edit account
                    </a>
                  </li>
                  <li>
                    <form action="/session" method="post">
                      <CsrfField token={csrfToken} />
                      <MethodField method="delete" />
                      <button type="submit" class={NAV_LINK}>
                        Sign out
                      </button>
                    </form>
                  </li>
                </ul>
                <p class="flex w-full min-w-0 flex-col text-sm text-slate-700 sm:flex-row sm:gap-x-2">
                  <span class="sr-only">Signed in as </span>
                  <span class="min-w-0 truncate" title={currentUser.email}>
                    {currentUser.email}
                  </span>
                  {currentAccount ? (
                    <>
                      <span class="hidden sm:inline" aria-hidden="true">
                        ·
                      </span>
                      <span class="min-w-0 truncate text-slate-600" title={currentAccount.name}>
                        <span class="sr-only">in the account </span>
                        {currentAccount.name}
                      </span>
                    </>
                  ) : null}
                </p>
              </>
            ) : (
              <ul class="flex items-center gap-x-4 text-sm">
                <li>
                  <a href="/session/new" class={NAV_LINK}>
                    Sign in
                  </a>
                </li>
                <li>
                  <a href="/registration/new" class={NAV_LINK}>
                    Register
                  </a>
                </li>
              </ul>
            )}
          </nav>
        </header>
        <main id="main" tabindex={-1} class="mx-auto max-w-2xl space-y-6 px-4 py-8 focus:outline-none sm:py-10">
          {flash.info ? (
            <p role="status" class="rounded-md border border-green-300 bg-green-50 px-4 py-3 text-sm text-green-800">
              {flash.info}
            </p>
          ) : null}
          {flash.error ? (
            <p role="alert" class="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800">
              {flash.error}
            </p>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  )
}
