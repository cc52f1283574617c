/**
 * The extension kit's entry (the package's `/extension` subpath): the only Gatehouse module an
 * extension imports (a test and a lint rule hold every extension to it). Here: the manifest and
 * kit types, the split-token primitive, migration helpers, validation and page components;
 * the rest is on the `ExtensionApi` object `setup(kit)` receives. See docs/extensions/writing.md.
 */
export type { ActionCallbacks, AnyGatehouseExtension, ExtensionApi, ExtensionMailMessage, ExtensionParts, ExtensionSlots, GatehouseExtension } from './extension.ts'
export type { Account, User, Role } from '../models.ts'
export type { AuditedEvent, EventDefinitions, ExtensionManifest, ExtensionRules, PruneStep, RateLimitDefinition, RouteAccess, RouteDescription, RulesKit } from './manifest.ts'
export type { SignInCheck, SignInHold } from '../authentication/sign-in.ts'
export type { GatehouseEvent, GatehouseEvents } from '../events.ts'
export type { AuditDetails } from '../audit/audit-entry.ts'
export type { GatehouseTables } from '../db/schema.ts'
export type { DialectName } from '../db/database.ts'
export type { Clock } from '../clock.ts'
export type { Session } from '../sessions/sessions.ts'
export type { Kysely, Migration } from 'kysely'
export { sql } from 'kysely'
export { addIdColumn } from '../db/migrations/columns.ts'
export { hashTokenSecret, issueLookupToken, issueSplitToken, lookupHashOf, matchRotatingSecret, parseSplitToken, reissueSplitToken, rotateSecret } from '../tokens/split-token.ts'
export type { IssuedSplitToken, RotatingSecret, SplitToken } from '../tokens/split-token.ts'
export { addColumnIfMissing, dropColumnIfPresent } from '../db/migrations/schema-guards.ts'
export type { FieldError, FieldErrors } from '../validation/field-errors.ts'
export { FieldErrorsBuilder, checkLength } from '../validation/field-errors.ts'
export { inputString } from '../validation/input.ts'
export { checkNewPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords/index.ts'
export { checkEmail, isValidEmail, normalizeEmail } from '../users/email.ts'
export { formatFieldError } from '../messages.ts'
export type { Messages } from '../messages.ts'
export { scopedFields } from '../web/form-body.ts'
export { byMethod, effectiveMethod } from '../web/method.ts'
export { withRequestPath } from '../web/redirects.ts'
export { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from '../web/pages/index.ts'
