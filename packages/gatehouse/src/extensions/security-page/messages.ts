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
})
