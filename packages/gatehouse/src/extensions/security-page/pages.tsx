/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import { CsrfField, MethodField } from '../api.ts'
import type { SecurityPageMessages } from './messages.ts'
import type { ListedSession } from './session-list.ts'

/** A time as UTC text in a `<time>` element (the server does not know the reader's zone). */
function Time({ at }: { at: number }) {
  const iso = new Date(at).toISOString()
  return <time datetime={iso}>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>
}

function SessionItem({ session, csrfToken, messages }: { session: ListedSession; csrfToken: string; messages: SecurityPageMessages }) {
  return (
    <li class="py-3" data-session={session.current ? 'current' : 'other'}>
      <div class="flex flex-wrap items-center justify-between gap-2">
        <p class="font-semibold text-slate-900">
          {session.device}
          {session.current ? <span class="ml-2 rounded-md bg-indigo-50 px-2 py-1 text-xs font-semibold text-indigo-700">{messages.thisBrowser}</span> : null}
        </p>
        {session.current ? null : (
          <form method="post" action={`/security/sessions/${session.handle}`} class="inline">
            <CsrfField token={csrfToken} />
            <MethodField method="delete" />
            <button type="submit" class="text-sm text-red-700 hover:underline">
              {messages.endSession}
            </button>
          </form>
        )}
      </div>
      <dl class="mt-1 grid grid-cols-2 gap-x-4 text-sm text-slate-600 sm:grid-cols-3">
        <div>
          <dt class="text-slate-500">{messages.ipAddress}</dt>
          <dd class="break-words">{session.ipAddress ?? '—'}</dd>
        </div>
        <div>
          <dt class="text-slate-500">{messages.signedInAt}</dt>
          <dd>
            <Time at={session.signedInAt} />
          </dd>
        </div>
        <div>
          <dt class="text-slate-500">{messages.lastActive}</dt>
          <dd>
            <Time at={session.lastActiveAt} />
          </dd>
        </div>
      </dl>
    </li>
  )
}

/** Where the person is signed in, with a way to end each other session or all of them. */
export function SessionsSection({ sessions, csrfToken, messages }: { sessions: readonly ListedSession[]; csrfToken: string; messages: SecurityPageMessages }) {
  const others = sessions.filter((session) => !session.current).length
  return (
    <section class="rounded-lg border border-slate-200 bg-white p-8 shadow-sm" aria-labelledby="security_sessions_heading">
      <h2 id="security_sessions_heading" class="mb-2 text-lg font-semibold text-slate-900">
        {messages.sessionsHeading}
      </h2>
      <p class="mb-4 text-sm text-slate-600">{messages.sessionsIntro}</p>
      <ul class="divide-y divide-slate-200">
        {sessions.map((session) => (
          <SessionItem session={session} csrfToken={csrfToken} messages={messages} />
        ))}
      </ul>
      {others === 0 ? (
        <p class="mt-4 text-sm text-slate-600">{messages.noOtherSessions}</p>
      ) : (
        <form method="post" action="/security/sessions" class="mt-4">
          <CsrfField token={csrfToken} />
          <MethodField method="delete" />
          <button type="submit" class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700">
            {messages.endOtherSessions}
          </button>
        </form>
      )}
    </section>
  )
}

/** The security page: its title, then each section (sessions first). */
export function SecurityPage({ title, sections }: { title: string; sections: readonly Child[] }) {
  return (
    <div class="space-y-8">
      <h1 class="text-2xl font-bold text-slate-900">{title}</h1>
      {sections}
    </div>
  )
}

/** The “Security” link in the signed-in header. */
export function SecurityNavLink({ label }: { label: string }) {
  return (
    <a href="/security" class="text-indigo-700 hover:underline">
      {label}
    </a>
  )
}
