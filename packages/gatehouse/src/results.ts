import type { FieldErrors } from './validation/field-errors.ts'

/**
 * The three expected outcomes of a use case, as Gatehouse and its extensions return them (never
 * thrown): it went through, with what it produced; the form was refused field by field (the page
 * re-renders with 422); or it was refused for a named reason the caller answers in its own way.
 * Each is a plain object discriminated by `ok`, and by `errors` or `reason` when not ok.
 *
 * @example
 * type RemoveResult = Succeeded<{ member: Member }> | FieldsRefused<'role'> | Refused<'not_found' | 'last_owner'>
 * if (!result.ok) return 'errors' in result ? renderForm(result.errors) : notFound()
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- nothing to add by default
export type Succeeded<Data extends object = {}> = { readonly ok: true } & Readonly<Data>

/** Refused form fields, with what the page needs to render again (`Extra`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- nothing to add by default
export type FieldsRefused<Field extends string, Extra extends object = {}> = { readonly ok: false; readonly errors: FieldErrors<Field> } & Readonly<Extra>

/** A refusal named by `reason` (`'not_found'`, `'rate_limited'`…), with data the caller needs (`Extra`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- nothing to add by default
export type Refused<Reason extends string, Extra extends object = {}> = { readonly ok: false; readonly reason: Reason } & Readonly<Extra>
