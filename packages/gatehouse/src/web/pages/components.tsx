/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { FieldError } from '../../validation/field-errors.ts'
import type { Messages } from '../../messages.ts'
import { formatFieldError } from '../../messages.ts'

/** The hidden CSRF field every Gatehouse form (and every app form) must carry. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf_token" value={token} />
}

/** `_method` for HTML forms that mean PATCH or DELETE (forms can only POST). */
export function MethodField({ method }: { method: 'patch' | 'put' | 'delete' }) {
  return <input type="hidden" name="_method" value={method} />
}

export interface FieldProps {
  readonly scope?: string
  readonly name: string
  readonly label: string
  readonly type?: 'text' | 'email' | 'password'
  readonly value?: string
  readonly autocomplete: string
  readonly errors?: readonly FieldError[] | undefined
  readonly messages: Messages
  readonly required?: boolean
  readonly hint?: string
  /** The element id when the same field appears twice on a page (default `<scope>_<name>`). */
  readonly id?: string
}

/**
 * A labelled input whose error text is tied to it (`aria-describedby`, `aria-invalid`), so
 * screen readers announce the problem with the field.
 */
export function Field({ scope = 'user', name, label, type = 'text', value, autocomplete, errors, messages, required = true, hint, id = `${scope}_${name}` }: FieldProps) {
  const errorId = `${id}_error`
  const hintId = `${id}_hint`
  const invalid = (errors?.length ?? 0) > 0
  const describedBy = [invalid ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class="space-y-1">
      <label for={id} class="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={`${scope}[${name}]`}
        type={type}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy}
        class={`block w-full rounded-md border px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500 ${invalid ? 'border-red-500' : 'border-slate-300'}`}
      />
      {hint ? (
        <p id={hintId} class="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p id={errorId} class="text-sm text-red-700">
          {errors?.map((e) => formatFieldError(messages, e)).join(', ')}
        </p>
      ) : null}
    </div>
  )
}

/** The alert above a form that came back with errors. */
export function FormAlert({ show, messages }: { show: boolean; messages: Messages }) {
  if (!show) return null
  return (
    <div role="alert" class="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800">
      {messages.formHasErrors}
    </div>
  )
}

export function SubmitButton({ children }: { children: Child }) {
  return (
    <button type="submit" class="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 focus:outline-none focus:ring-2 focus:ring-indigo-500 focus:ring-offset-2">
      {children}
    </button>
  )
}

/**
 * The class of every link inside text: underlined, because colour alone does not tell a link
 * from the words around it (WCAG 1.4.1).
 */
export const LINK_CLASS = 'font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900'

/** The class of a button that destroys something (delete, remove). */
export const DANGER_BUTTON_CLASS =
  'rounded-md border border-red-700 px-4 py-2 text-sm font-semibold text-red-800 hover:bg-red-50 focus:outline-none focus:ring-2 focus:ring-red-600 focus:ring-offset-2'

/**
 * A link inside text or under a form.
 *
 * @example
 * <TextLink href="/private">the private page</TextLink>
 */
export function TextLink({ href, children }: { href: string; children: Child }) {
  return (
    <a href={href} class={LINK_CLASS}>
      {children}
    </a>
  )
}

/** The card frame shared by every page section, the same width as the flash messages above it. */
export const CARD_CLASS = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-8'

/** A card holding one form or one piece of content, with the page's only `<h1>`. */
export function Card({ title, children }: { title: string; children: Child }) {
  return (
    <section class={CARD_CLASS}>
      <h1 class="mb-6 text-2xl font-bold text-slate-900">{title}</h1>
      {children}
    </section>
  )
}

export interface ConfirmationCardProps {
  readonly title: string
  /** What will be lost, in plain words. */
  readonly children: Child
  /** The route and method that really destroy (Pow's), unchanged. */
  readonly action: string
  readonly method?: 'delete' | 'patch'
  readonly csrfToken: string
  readonly confirmLabel: string
  /** Where "Cancel" goes: the page the person came from. */
  readonly cancelHref: string
  /** Fields the destructive request needs (the current password). */
  readonly fields?: Child
  /** Shown above the form when the request came back with errors. */
  readonly alert?: Child
}

/**
 * The second step of a destructive action, as a page of its own: it works without
 * JavaScript, says what will be lost, and posts to the same route and method as before.
 *
 * @example
 * <ConfirmationCard title="Delete this secret?" action="/secrets/1" csrfToken={token} confirmLabel="Delete secret" cancelHref="/secrets/1">
 *   <p>The secret and its value are deleted for everyone in the account.</p>
 * </ConfirmationCard>
 */
export function ConfirmationCard({ title, children, action, method = 'delete', csrfToken, confirmLabel, cancelHref, fields, alert }: ConfirmationCardProps) {
  return (
    <section class={`${CARD_CLASS} border-red-200`}>
      <h1 class="mb-4 text-2xl font-bold text-slate-900">{title}</h1>
      <div class="space-y-3 text-slate-800">{children}</div>
      <form action={action} method="post" class="mt-6 space-y-5" novalidate>
        {alert}
        <CsrfField token={csrfToken} />
        <MethodField method={method} />
        {fields}
        <div class="flex flex-wrap items-center gap-x-6 gap-y-3">
          <button type="submit" class={DANGER_BUTTON_CLASS}>
            {confirmLabel}
          </button>
          <a href={cancelHref} class={LINK_CLASS}>
            Cancel
          </a>
        </div>
      </form>
    </section>
  )
}

/**
 * A table that becomes one block per row on narrow screens (each cell then shows its column
 * name from `data-label`), so no page is wider than a phone. Cells pass `data-label`.
 *
 * @example
 * <StackedTable caption="Members" columns={['Email', 'Role']}>{rows}</StackedTable>
 */
export function StackedTable({ caption, columns, children }: { caption?: Child; columns: readonly string[]; children: Child }) {
  return (
    <table class="gh-stacked-table w-full text-left text-sm">
      {caption ? <caption class="mb-2 text-left text-lg font-semibold text-slate-900">{caption}</caption> : null}
      <thead>
        <tr class="border-b border-slate-300">
          {columns.map((column) => (
            <th scope="col" class="whitespace-nowrap py-2 pr-4 font-semibold text-slate-700">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}

/** The class of a cell in a `StackedTable`: padded, aligned to the top. */
export const CELL_CLASS = 'py-2 pr-4 align-top'

/** Password rules, shown wherever a new password is chosen. */
export function passwordRulesHint(min: number, max: number): string {
  return `${min} to ${max} characters. A long phrase of ordinary words is easiest to remember.`
}
