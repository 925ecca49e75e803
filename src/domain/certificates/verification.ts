import type { Payload } from 'payload'

import { preparedQuery } from '@/services/database/preparedQuery'
import { settings } from '@/settings'

import { normaliseSerial } from './serial'

/** Where anyone checks a certificate: printed on it, in its QR code. */
export const verificationUrl = (serial: string): string => `${settings.serverUrl}/verify/${serial}`

export const jwksUrl = (): string => `${settings.serverUrl}/.well-known/jwks.json`

/** What verification shows: the facts printed on the certificate and its standing, nothing more personal. */
export type Verification = {
  serial: string
  status: 'valid' | 'revoked'
  valid: boolean
  holderName: string
  course: string
  school: string
  issuedAt: string
  locale: string
  revokedAt: string | null
  revokedReason: string | null
  verificationUrl: string
  /** The credential signed at issue (JWS, EdDSA): holder, course, school, date and serial. */
  credential: string
  jwks: string
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? new Date(value).toISOString() : null)

/**
 * One indexed lookup by serial, as a named prepared statement: this is the public,
 * high-traffic read (every QR scan), so it skips the access layer it does not need.
 */
export const findVerification = async (payload: Payload, input: string): Promise<Verification | undefined> => {
  const serial = normaliseSerial(input)
  if (!serial) {
    return undefined
  }
  const rows = await preparedQuery(payload, {
    name: 'certificate_verification',
    text: `select serial, status, holder_name, course_title, school_name, issued_at, locale, revoked_at, revoked_reason, credential
             from certificates where serial = $1`,
    values: [serial],
  })
  const row = rows[0]
  if (!row) {
    return undefined
  }
  const status = row.status === 'revoked' ? 'revoked' : 'valid'
  return {
    serial,
    status,
    valid: status === 'valid',
    holderName: String(row.holder_name),
    course: String(row.course_title),
    school: String(row.school_name),
    issuedAt: iso(row.issued_at)!,
    locale: String(row.locale),
    revokedAt: iso(row.revoked_at),
    revokedReason: (row.revoked_reason as string | null) ?? null,
    verificationUrl: verificationUrl(serial),
    credential: String(row.credential ?? ''),
    jwks: jwksUrl(),
  }
}
