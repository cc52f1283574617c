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
        <p id={hintId} class="text-xs text-slate-500">
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

/** A centred card holding one auth form. */
export function Card({ title, children }: { title: string; children: Child }) {
  return (
    <section class="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 class="mb-6 text-2xl font-bold text-slate-900">{title}</h1>
      {children}
    </section>
  )
}
