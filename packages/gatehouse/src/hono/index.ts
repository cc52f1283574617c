/**
 * The Hono adapter: importing it types `c.get('currentUser')`, `c.get('currentAccount')`
 * and friends in every Hono app, and exposes the page building blocks for the app's own pages.
 *
 * @example
 * import { createGatehouse } from '@gatehouse-auth/gatehouse'
 * import type { GatehouseEnv } from '@gatehouse-auth/gatehouse/hono'
 * const app = new Hono<GatehouseEnv>()
 */
export type { GatehouseEnv, GatehouseVariables } from '../web/env.ts'
export { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from '../web/pages/index.ts'
export { CARD_CLASS, CELL_CLASS, ConfirmationCard, DANGER_BUTTON_CLASS, LINK_CLASS, passwordRulesHint, StackedTable, TextLink } from '../web/pages/index.ts'
export type { LayoutProps, EditRegistrationPageProps, ErrorPageProps, FormPageProps, Pages } from '../web/pages/index.ts'
export { effectiveMethod, byMethod } from '../web/method.ts'
export { createGatehouse } from '../create-gatehouse.ts'
export type { Gatehouse, CreateGatehouseOptions } from '../create-gatehouse.ts'
export { scopedFields } from '../web/form-body.ts'
// What copied pages (`npx gatehouse gen:pages`) import besides the components above.
export { withRequestPath } from '../web/redirects.ts'
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords/index.ts'
export type { Account, User } from '../models.ts'
export type { Flash } from '../web/flash.ts'
