import { createHmac } from 'node:crypto'

/**
 * An invitation's token, derived from its id: `inv_` and 32 base64url characters of
 * HMAC-SHA256(auth secret, 'pauta-invitation:' + id). Storage keeps only its sha256, and a
 * lead can be shown a pending invitation's link again; it cannot be forged without the
 * secret, and changing the secret retires the links of pending invitations.
 */
export function createInvitationTokens(secret: string): (invitationId: string) => string {
  return (invitationId) =>
    `inv_${createHmac('sha256', secret).update(`pauta-invitation:${invitationId}`).digest('base64url').slice(0, 32)}`
}
