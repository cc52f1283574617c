/**
 * The Express adapter (`@gatehouse-auth/gatehouse/express`): Gatehouse's routes, current user, CSRF, flash
 * and pages in an Express 5 app. Express is an optional peer dependency: install it yourself.
 *
 * @example
 * import { createExpressAdapter } from '@gatehouse-auth/gatehouse/express'
 * const auth = createExpressAdapter(gatehouse)
 * app.use(auth.middleware)
 * app.get('/private', auth.requireAuthenticated(), (req, res) => res.send(req.gatehouse?.currentUser?.email))
 */
export { createExpressAdapter } from './express-adapter.ts'
export type { ExpressAdapter } from './express-adapter.ts'
export { createRequestGate } from './request-gate.ts'
export type { GatehouseRequestState, GatePass, GateResult, RenderOptions } from './request-gate.ts'
export { applyHeaders, toWebRequest, writeWebResponse } from './node-messages.ts'
export { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from '../web/pages/index.ts'
export { CARD_CLASS, CELL_CLASS, ConfirmationCard, DANGER_BUTTON_CLASS, LINK_CLASS, passwordRulesHint, StackedTable, TextLink } from '../web/pages/index.ts'
export { createGatehouse } from '../create-gatehouse.ts'
export type { Gatehouse, CreateGatehouseOptions } from '../create-gatehouse.ts'
