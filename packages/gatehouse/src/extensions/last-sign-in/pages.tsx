/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { LastSignInMessages } from './messages.ts'

/** The account page section: when the user signed in before this time. */
export function LastSignInSection({ previousAt, messages }: { previousAt: number | null; messages: LastSignInMessages }) {
  return (
    <section class="rounded-lg border border-slate-200 bg-white p-8 shadow-sm" aria-labelledby="last_sign_in_heading">
      <h2 id="last_sign_in_heading" class="mb-4 text-lg font-semibold text-slate-900">
        {messages.heading}
      </h2>
      {previousAt === null ? (
        <p class="text-sm text-slate-600">{messages.firstSignIn}</p>
      ) : (
        <p class="text-sm text-slate-600">
          {messages.previous} <time datetime={new Date(previousAt).toISOString()}>{`${new Date(previousAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`}</time>
        </p>
      )}
    </section>
  )
}
