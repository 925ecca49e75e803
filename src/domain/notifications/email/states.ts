/**
 * A notification mail's delivery: `waiting` for its digest, `queued` to be sent, `sending` (taken
 * by a worker), `sent` (the server took it), `deferred` (a 4xx: tried again later), `bounced`
 * (a 5xx at the door, or a delivery status notification later), `failed` (given up on),
 * `suppressed` (not sent: the address bounced for good until its owner confirms it again),
 * `cancelled` (not sent: its person turned the category off before its digest went).
 */
export const EMAIL_STATES = ['waiting', 'queued', 'sending', 'sent', 'deferred', 'bounced', 'failed', 'suppressed', 'cancelled'] as const
export type EmailState = (typeof EMAIL_STATES)[number]
