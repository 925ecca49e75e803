/** What an audit entry records. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'login',
  'login-failed',
  'logout',
  'password-change',
  'password-reset',
  'email-change',
  'google-sign-in',
  'membership-change',
  'tenant-suspended',
  'tenant-reactivated',
  'upload-refused',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Field names an entry never lists: secrets, and bookkeeping that changes on every write. */
export const UNRECORDED_FIELDS = new Set([
  'password',
  'hash',
  'salt',
  'resetPasswordToken',
  'resetPasswordExpiration',
  '_verificationToken',
  'emailChangeTokenHash',
  'apiKey',
  'apiKeyIndex',
  'enableAPIKey',
  'sessions',
  'loginAttempts',
  'lockUntil',
  'createdAt',
  'updatedAt',
  'id',
])
