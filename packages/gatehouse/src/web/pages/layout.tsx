/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { Account, User } from '../../models.ts'
import type { Flash } from '../flash.ts'
import { CsrfField, MethodField } from './components.tsx'

export interface LayoutProps {
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

/** The page frame: navigation (sign in / register, or the user with sign out), flash, content. */
export function Layout({ title, currentUser, currentAccount, flash, csrfToken, stylesheet, navLinks, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={stylesheet} />
      </head>
      <body class="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header class="border-b border-slate-200 bg-white">
          <nav aria-label="Main" class="mx-auto flex max-w-4xl items-center justify-between px-4 py-3">
            <a href="/" class="text-lg font-bold text-indigo-700">
              Gatehouse
            </a>
            {currentUser ? (
              <div class="flex items-center gap-4 text-sm">
                <span class="text-slate-600">
                  {currentUser.email}
                  {currentAccount ? <span class="text-slate-400"> · {currentAccount.name}</span> : null}
                </span>
                {navLinks}
                <a href="/registration/edit" class="text-indigo-700 hover:underline">
                  Edit account
                </a>
                <form action="/session" method="post" class="inline">
                  <CsrfField token={csrfToken} />
                  <MethodField method="delete" />
                  <button type="submit" class="text-indigo-700 hover:underline">
                    Sign out
                  </button>
                </form>
              </div>
            ) : (
              <div class="flex items-center gap-4 text-sm">
                <a href="/session/new" class="text-indigo-700 hover:underline">
                  Sign in
                </a>
                <a href="/registration/new" class="text-indigo-700 hover:underline">
                  Register
                </a>
              </div>
            )}
          </nav>
        </header>
        <main class="mx-auto max-w-4xl space-y-6 px-4 py-10">
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
