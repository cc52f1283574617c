/**
 * The public extension points: the only Gatehouse module an extension imports. Everything an
 * extension needs is here or on the `ExtensionApi` object its `setup` receives.
 */
export type { ActionCallbacks, ExtensionApi, ExtensionMailMessage, ExtensionParts, ExtensionSlots, GatehouseExtension } from './extension.ts'
export type { Account, User, Role } from '../models.ts'
export type { GatehouseTables } from '../db/schema.ts'
export type { FieldError, FieldErrors } from '../validation/field-errors.ts'
export { FieldErrorsBuilder, checkLength } from '../validation/field-errors.ts'
export { inputString } from '../validation/input.ts'
export { checkNewPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords/index.ts'
export { checkEmail, isValidEmail, normalizeEmail } from '../users/email.ts'
export { formatFieldError } from '../messages.ts'
export { describeLinkLifetime } from '../mail/link-lifetime.ts'
export type { Messages } from '../messages.ts'
export { scopedFields } from '../web/form-body.ts'
export { byMethod, effectiveMethod } from '../web/method.ts'
export { withRequestPath } from '../web/redirects.ts'
export { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from '../web/pages/index.ts'
export { CARD_CLASS, CELL_CLASS, ConfirmationCard, DANGER_BUTTON_CLASS, LINK_CLASS, passwordRulesHint, StackedTable, TextLink } from '../web/pages/index.ts'
