/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { MailboxEntry, MailboxMail } from '../../mail/dev-mailbox.ts'
import { DEV_MAILBOX_PATH } from '../../mail/dev-mailbox.ts'
import { CARD_CLASS, CELL_CLASS, LINK_CLASS, StackedTable } from './components.tsx'

/** `GET /dev/mailbox` (development only): the mails "sent" without an SMTP server, newest first. */
export function DevMailboxListPage({ mails }: { mails: readonly MailboxEntry[] }) {
  return (
    <section class={`space-y-6 ${CARD_CLASS}`}>
      <div>
        <h1 class="text-2xl font-bold text-slate-900">Dev mailbox</h1>
        <p class="mt-2 text-sm text-slate-600">Mails sent while SMTP_URL is unset. Development only: this page does not exist in production.</p>
      </div>
      {mails.length === 0 ? (
        <p class="text-sm text-slate-600">No mail sent yet.</p>
      ) : (
        <StackedTable columns={['Date', 'To', 'Subject']}>
          {mails.map((mail) => (
            <tr class="border-b border-slate-200">
              <td class={`${CELL_CLASS} whitespace-nowrap text-slate-600`} data-label="Date">
                <SentAt at={mail.sentAt} />
              </td>
              <td class={`${CELL_CLASS} text-slate-800`} data-label="To">
                {mail.to}
              </td>
              <td class={CELL_CLASS} data-label="Subject">
                <a href={`${DEV_MAILBOX_PATH}/${mail.id}`} class={LINK_CLASS}>
                  {mail.subject || '(no subject)'}
                </a>
              </td>
            </tr>
          ))}
        </StackedTable>
      )}
    </section>
  )
}

/**
 * `GET /dev/mailbox/:id`: one mail. The HTML part is shown in a sandboxed frame (no scripts,
 * no access to this page); its links open in the whole window on a click.
 */
export function DevMailboxMailPage({ mail }: { mail: MailboxMail }) {
  return (
    <section class={`space-y-6 ${CARD_CLASS}`}>
      <p class="text-sm">
        <a href={DEV_MAILBOX_PATH} class={LINK_CLASS}>
          ← All mail
        </a>
      </p>
      <h1 class="text-2xl font-bold text-slate-900">{mail.subject || '(no subject)'}</h1>
      <dl class="space-y-1 text-sm">
        <div>
          <dt class="inline font-medium text-slate-600">To: </dt>
          <dd class="inline text-slate-800">{mail.to}</dd>
        </div>
        <div>
          <dt class="inline font-medium text-slate-600">Sent: </dt>
          <dd class="inline text-slate-800">
            <SentAt at={mail.sentAt} />
          </dd>
        </div>
      </dl>
      <h2 class="text-lg font-semibold text-slate-800">HTML part</h2>
      <iframe
        title="HTML part"
        sandbox="allow-popups allow-top-navigation-by-user-activation"
        srcdoc={`<base target="_top">${mail.html}`}
        class="h-96 w-full rounded-md border border-slate-200"
      />
      <h2 class="text-lg font-semibold text-slate-800">Text part</h2>
      <pre class="whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 px-4 py-3 font-mono text-sm text-slate-800">{linkify(mail.text)}</pre>
    </section>
  )
}

function SentAt({ at }: { at: number }) {
  const iso = new Date(at).toISOString()
  return <time datetime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`}</time>
}

// Trailing punctuation usually ends the sentence, not the link.
const URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g

/** The text with every http(s) URL as a link; everything else stays text (escaped by JSX). */
function linkify(text: string): Child[] {
  const parts: Child[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0
    parts.push(text.slice(last, start))
    parts.push(
      <a href={match[0]} class={LINK_CLASS}>
        {match[0]}
      </a>,
    )
    last = start + match[0].length
  }
  parts.push(text.slice(last))
  return parts
}
