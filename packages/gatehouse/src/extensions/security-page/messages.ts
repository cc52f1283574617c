/** Every text the security page shows; override any with `securityPage({ messages })`. */
export interface SecurityPageMessages {
  readonly navLink: string
  readonly title: string
  readonly sessionsHeading: string
  readonly sessionsIntro: string
  readonly thisBrowser: string
  readonly signedInAt: string
  readonly lastActive: string
  readonly ipAddress: string
  readonly endSession: string
  readonly endOtherSessions: string
  readonly noOtherSessions: string
  readonly sessionEnded: string
  readonly otherSessionsEnded: string
  readonly unknownDevice: string
  readonly otherSessionsEndedMailSubject: string
  readonly twoFactorHeading: string
  readonly twoFactorOff: string
  readonly twoFactorOn: string
  readonly recoveryCodesLeft: string
  readonly setUpTwoFactor: string
  readonly twoFactorSetupTitle: string
  readonly twoFactorSetupIntro: string
  readonly qrCodeLabel: string
  readonly setupKeyLabel: string
  readonly codeLabel: string
  readonly codeHint: string
  readonly currentPasswordLabel: string
  readonly turnOn: string
  readonly turnOff: string
  readonly regenerate: string
  readonly recoveryCodesTitle: string
  readonly recoveryCodesIntro: string
  readonly backToSecurity: string
  readonly twoFactorEnabled: string
  readonly twoFactorDisabled: string
  readonly twoFactorAlreadyOn: string
  readonly secondFactorTitle: string
  readonly secondFactorIntro: string
  readonly secondFactorCodeLabel: string
  readonly secondFactorHint: string
  readonly verify: string
  readonly secondFactorExpired: string
  readonly secondFactorLockedOut: string
  readonly twoFactorEnabledMailSubject: string
  readonly twoFactorDisabledMailSubject: string
  readonly recoveryCodesMailSubject: string
  readonly passkeysHeading: string
  readonly passkeysIntro: string
  readonly noPasskeys: string
  readonly passkeysNeedJavaScript: string
  readonly passkeyNameLabel: string
  readonly passkeyNameHint: string
  readonly addPasskey: string
  readonly passkeyAdded: string
  readonly passkeyNotCreated: string
  readonly passkeyRenameLabel: string
  readonly renamePasskey: string
  readonly passkeyRenamed: string
  readonly removePasskey: string
  readonly passkeyRemoved: string
  readonly passkeyAddedAt: string
  readonly passkeyLastUsed: string
  readonly passkeyNeverUsed: string
  readonly signInWithPasskey: string
  readonly passkeySignInFailed: string
  readonly passkeyAddedMailSubject: string
  readonly passkeyRemovedMailSubject: string
}

export const DEFAULT_SECURITY_PAGE_MESSAGES: SecurityPageMessages = Object.freeze({
  navLink: 'Security',
  title: 'Security',
  sessionsHeading: 'Where you are signed in',
  sessionsIntro: 'Each browser signed in to your account. End any you do not recognise, then change your password.',
  thisBrowser: 'This browser',
  signedInAt: 'Signed in',
  lastActive: 'Last active',
  ipAddress: 'IP address',
  endSession: 'Sign out this session',
  endOtherSessions: 'Sign out all other sessions',
  noOtherSessions: 'You are not signed in anywhere else.',
  sessionEnded: 'The session was signed out.',
  otherSessionsEnded: 'All other sessions were signed out.',
  unknownDevice: 'Unknown browser',
  otherSessionsEndedMailSubject: 'Your other sessions were signed out',
  twoFactorHeading: 'Two-factor sign-in',
  twoFactorOff: 'Two-factor sign-in is off. Turn it on to ask for a code from an authenticator app after your password.',
  twoFactorOn: 'Two-factor sign-in is on.',
  recoveryCodesLeft: 'Unused recovery codes:',
  setUpTwoFactor: 'Set up two-factor sign-in',
  twoFactorSetupTitle: 'Set up two-factor sign-in',
  twoFactorSetupIntro: 'Scan this QR code with an authenticator app, or enter the key by hand, then type the 6-digit code it shows.',
  qrCodeLabel: 'QR code of the authenticator key',
  setupKeyLabel: 'Key (if you cannot scan the code):',
  codeLabel: 'Code from the app',
  codeHint: '6 digits',
  currentPasswordLabel: 'Current password',
  turnOn: 'Turn on two-factor sign-in',
  turnOff: 'Turn off two-factor sign-in',
  regenerate: 'Regenerate recovery codes',
  recoveryCodesTitle: 'Your recovery codes',
  recoveryCodesIntro: 'Keep these codes somewhere safe: each one signs you in once if you lose your authenticator. They will not be shown again.',
  backToSecurity: 'Back to security',
  twoFactorEnabled: 'Two-factor sign-in is on.',
  twoFactorDisabled: 'Two-factor sign-in is off.',
  twoFactorAlreadyOn: 'Two-factor sign-in is already on.',
  secondFactorTitle: 'Two-factor sign-in',
  secondFactorIntro: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  secondFactorCodeLabel: 'Code',
  secondFactorHint: '123456 or xxxxx-xxxxx',
  verify: 'Verify',
  secondFactorExpired: 'Your sign-in expired. Please sign in again.',
  secondFactorLockedOut: 'Too many wrong codes. Please sign in again.',
  twoFactorEnabledMailSubject: 'Two-factor sign-in was turned on',
  twoFactorDisabledMailSubject: 'Two-factor sign-in was turned off',
  recoveryCodesMailSubject: 'New recovery codes were generated',
  passkeysHeading: 'Passkeys',
  passkeysIntro: 'A passkey signs you in with your device’s screen lock or a security key instead of your password and a code.',
  noPasskeys: 'You have no passkeys yet.',
  passkeysNeedJavaScript: 'Adding a passkey needs JavaScript in this browser.',
  passkeyNameLabel: 'Name of the new passkey',
  passkeyNameHint: 'To tell your passkeys apart, e.g. “Work laptop”',
  addPasskey: 'Add a passkey',
  passkeyAdded: 'The passkey was added.',
  passkeyNotCreated: 'No passkey was created. Please try again.',
  passkeyRenameLabel: 'Passkey name',
  renamePasskey: 'Rename',
  passkeyRenamed: 'The passkey was renamed.',
  removePasskey: 'Remove this passkey',
  passkeyRemoved: 'The passkey was removed.',
  passkeyAddedAt: 'Added',
  passkeyLastUsed: 'Last used',
  passkeyNeverUsed: 'never',
  signInWithPasskey: 'Use a passkey',
  passkeySignInFailed: 'That passkey did not sign you in. Please try again, or sign in with your password.',
  passkeyAddedMailSubject: 'A passkey was added to your account',
  passkeyRemovedMailSubject: 'A passkey was removed from your account',
})
