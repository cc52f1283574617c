/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Role } from '../api.ts'

const SELECT_CLASS = 'block w-full rounded-md border px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-500'

export interface RoleSelectProps {
  /** The element id; the error text, when there is one, is `<id>_error`. */
  readonly id: string
  readonly roles: readonly Role[]
  readonly selected: Role
  /** A visible label, or (inside a table row) an accessible name only. */
  readonly label: { readonly visible: string } | { readonly hidden: string }
  /** The error text already formatted, or null. */
  readonly error: string | null
  /** The id of the error text (default `<id>_error`). */
  readonly errorId?: string
}

/** A `user[role]` select whose error is tied to it, like Gatehouse's `Field` for inputs. */
export function RoleSelect({ id, roles, selected, label, error, errorId = `${id}_error` }: RoleSelectProps) {
  return (
    <div class="space-y-1">
      {'visible' in label ? (
        <label for={id} class="block text-sm font-medium text-slate-800">
          {label.visible}
        </label>
      ) : null}
      <select
        id={id}
        name="user[role]"
        aria-label={'hidden' in label ? label.hidden : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        class={`${SELECT_CLASS} ${error ? 'border-red-500' : 'border-slate-300'}`}
      >
        {roles.map((role) => (
          <option value={role} selected={role === selected}>
            {role}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} class="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** The "Account" link in the navigation of signed-in users. */
export function AccountNavLink() {
  return (
    <a href="/account" class="font-medium text-indigo-700 hover:underline">
      Account
    </a>
  )
}
