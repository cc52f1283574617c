/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CARD_CLASS, LINK_CLASS } from './components.tsx'
import type { ErrorPageProps } from './page-props.ts'

/** The heading of each error page; the status code stays visible beside it. */
const HEADINGS: Readonly<Record<number, string>> = {
  403: 'Request refused',
  404: 'Page not found',
  413: 'Form too large',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
}

/** The page title and `<h1>` of an error page: `Page not found`, or `Error 418` for any other status. */
export function errorHeading(status: number): string {
  return HEADINGS[status] ?? `Error ${status}`
}

/** 403, 404, 413, 500…: a heading, a short message, never a stack trace. */
export function ErrorPage({ status, message }: ErrorPageProps) {
  return (
    <section class={`${CARD_CLASS} text-center`}>
      <p class="text-sm font-semibold text-slate-600">Error {status}</p>
      <h1 class="mt-1 text-2xl font-bold text-slate-900">{errorHeading(status)}</h1>
      <p class="mt-4 text-slate-800">{message}</p>
      <p class="mt-6">
        <a href="/" class={LINK_CLASS}>
          Back to the home page
        </a>
      </p>
    </section>
  )
}
