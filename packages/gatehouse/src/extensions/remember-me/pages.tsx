/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/** The `user[persistent_session]` checkbox inside the sign-in form, unticked by default. */
export function RememberMeField({ label }: { label: string }) {
  return (
    <div class="flex items-center gap-4">
      <input id="user_persistent_session" name="user[persistent_session]" type="checkbox" value="true" class="rounded-md border-slate-300 focus:ring-2 focus:ring-indigo-500" />
      <label for="user_persistent_session" class="text-sm font-medium text-slate-800">
        {label}
      </label>
    </div>
  )
}
