/**
 * What never reaches a log line, wherever it sits in a logged object (pino's `redact` paths, a
 * level or two deep): credentials, secrets, and the personal data a request or a document
 * carries (email addresses).
 */
const SENSITIVE = ['password', 'newPassword', 'token', 'apiKey', 'secret', 'previousSecret', 'authorization', 'cookie', 'email', 'salt', 'hash', 'resetPasswordToken']

export const LOG_REDACT_PATHS: string[] = [
  ...SENSITIVE,
  ...SENSITIVE.map((key) => `*.${key}`),
  ...SENSITIVE.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
]
