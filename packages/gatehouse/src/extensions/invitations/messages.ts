/**
 * The invitations extension's texts: Pow's (PowInvitation) where Pow has one, ours for the
 * account page. Override any of them with `invitations({ messages })`; `null` shows nothing.
 */
export interface InvitationsMessages {
  readonly invalidInvitation: string
  /** Beside Pow's `invalidInvitation`: why a link may no longer work, and what to do. */
  readonly invalidInvitationExplanation: string
  readonly invitationEmailSent: string
  /** Flash after a successful acceptance, on the home page the new member lands on. */
  readonly invitationAccepted: string | null
  readonly invitationMailSubject: string
  readonly existingUserMailSubject: string
  readonly memberRoleChanged: string
  readonly memberRemoved: string
  readonly lastOwner: string
  readonly cannotRemoveYourself: string
  readonly accountDeleted: string
}

export const DEFAULT_INVITATIONS_MESSAGES: InvitationsMessages = Object.freeze({
  invalidInvitation: "The invitation doesn't exist.",
  invalidInvitationExplanation:
    'An invitation link works once and only for a while, and a newer invitation to the same address replaces it: use the link in the newest invitation mail, or ask the person who invited you to send a new one.',
  invitationEmailSent: 'An email with the invitation link has been sent.',
  invitationAccepted: 'Welcome! You have joined the account and you are signed in.',
  invitationMailSubject: "You've been invited",
  existingUserMailSubject: 'You already have an account',
  memberRoleChanged: 'The role has been changed.',
  memberRemoved: 'The user has been removed from the account.',
  lastOwner: 'The account must keep at least one owner.',
  cannotRemoveYourself: 'You cannot remove yourself here; use Edit account to leave.',
  accountDeleted: 'The account and all its data have been deleted.',
})
