import { createGatehouse, emailConfirmation, invitations, jsonApi, rememberMe, resetPassword, securityPage } from '@gatehouse-auth/gatehouse'
import type { CreateGatehouseOptions, Gatehouse } from '@gatehouse-auth/gatehouse'
import { TENANT_TABLES, tutorialMigrations } from './migrations.ts'
import type { TutorialTables } from './migrations.ts'
import { SECRET_FORM_MAX_BYTES } from './secrets/secret-input.ts'

export type TutorialGatehouse = Gatehouse<TutorialTables>

/**
 * The extensions the tutorial switches on: password reset, remember-me, invitations and the
 * security page and the JSON API (`/api/v1`, CORS for `apiCorsOrigins` only) always;
 * email confirmation only when asked (`GATEHOUSE_EMAIL_CONFIRMATION=1`), because the tutorial's
 * own flow signs the user in right after registration. Confirmation comes first: it may halt a
 * sign-in or registration before the others act on it.
 */
export function tutorialExtensions(options: { emailConfirmation?: boolean; apiCorsOrigins?: readonly string[] } = {}) {
  return [
    ...(options.emailConfirmation ? [emailConfirmation()] : []),
    resetPassword(),
    rememberMe(),
    invitations(),
    securityPage(),
    // A secret's longest JSON body: as large as its form body.
    jsonApi({ corsOrigins: options.apiCorsOrigins ?? [], maxBodyBytes: SECRET_FORM_MAX_BYTES }),
  ]
}

/**
 * Gatehouse as the tutorial configures it: its migrations, its tenant tables and its
 * extensions. The server and the tests both build it here, so they run the same app.
 */
export function createTutorialGatehouse(options: Omit<CreateGatehouseOptions, 'migrations'>): Promise<TutorialGatehouse> {
  return createGatehouse<TutorialTables>({
    maxFormBytes: SECRET_FORM_MAX_BYTES,
    // The tutorial's own pages are server-rendered without scripts: the strict policy fits them too.
    securityHeaders: { appRoutes: true },
    ...options,
    extensions: options.extensions ?? tutorialExtensions(),
    migrations: tutorialMigrations,
    tenancy: { tables: TENANT_TABLES, ...options.tenancy },
  })
}
