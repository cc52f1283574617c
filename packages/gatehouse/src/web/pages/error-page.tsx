/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ErrorPageProps } from './page-props.ts'

/** 403, 404, 413, 500…: a short message, never a stack trace. */
export function ErrorPage({ status, message }: ErrorPageProps) {
  return (
    <section class="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 text-center">
      <p class="text-sm font-semibold text-slate-500">Error {status}</p>
      <p class="mt-2 text-slate-800">{message}</p>
      <p class="mt-6">
        <a href="/" class="text-indigo-700 hover:underline">
          Back to the home page
        </a>
      </p>
    </section>
  )
}
