import type { Child } from 'hono/jsx'
import { EditRegistrationPage } from './edit-registration-page.tsx'
import { ErrorPage } from './error-page.tsx'
import { Layout } from './layout.tsx'
import type { LayoutProps } from './layout.tsx'
import type { EditRegistrationPageProps, ErrorPageProps, FormPageProps } from './page-props.ts'
import { RegistrationPage } from './registration-page.tsx'
import { SignInPage } from './sign-in-page.tsx'

type Component<P> = (props: P) => Child

/**
 * The replaceable pages (Pow's templates). An app passes its own component for any of them;
 * `gatehouse gen:pages` copies the originals into the app as a starting point.
 */
export interface Pages {
  readonly layout: Component<LayoutProps>
  readonly signIn: Component<FormPageProps>
  readonly registration: Component<FormPageProps>
  readonly editRegistration: Component<EditRegistrationPageProps>
  readonly error: Component<ErrorPageProps>
}

export const DEFAULT_PAGES: Pages = Object.freeze({
  layout: Layout,
  signIn: SignInPage,
  registration: RegistrationPage,
  editRegistration: EditRegistrationPage,
  error: ErrorPage,
})

export type { LayoutProps, EditRegistrationPageProps, ErrorPageProps, FormPageProps }
export { Card, CsrfField, Field, FormAlert, MethodField, SubmitButton } from './components.tsx'
export { CARD_CLASS, CELL_CLASS, ConfirmationCard, DANGER_BUTTON_CLASS, LINK_CLASS, passwordRulesHint, StackedTable, TextLink } from './components.tsx'
export type { ConfirmationCardProps } from './components.tsx'
