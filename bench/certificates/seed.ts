import type pg from 'pg'

import { newSerial } from '@/domain/certificates/serial'
import { signClaims } from '@/domain/certificates/signingKey'

import { insert } from '../shared/sql'

export type SeededCertificate = { id: number; serial: string }

type Completed = {
  enrollment: number
  holder: number
  course: number
  tenant: number
  completed_at: Date
  holder_name: string
  school_name: string
  locale: string
  course_title: string
}

/**
 * Certificates for the first `count` completed enrollments, written with SQL as the
 * issuing service leaves them (the facts at issue and a credential signed with the
 * app's key), without the PDF: verification never reads it. One in fifty is revoked.
 */
export const seedCertificates = async (db: pg.Client, count: number, issuer: string): Promise<SeededCertificate[]> => {
  const { rows } = await db.query<Completed>(
    `select e.id as enrollment, e.user_id as holder, e.course_id as course, e.tenant_id as tenant, e.completed_at,
            u.name as holder_name, t.name as school_name, c.language::text as locale, cl.title as course_title
       from enrollments e
       join users u on u.id = e.user_id
       join tenants t on t.id = e.tenant_id
       join courses c on c.id = e.course_id
       join courses_locales cl on cl._parent_id = c.id and cl._locale::text = c.language::text
      where e.status = 'completed'
      order by e.id
      limit $1`,
    [count],
  )
  if (rows.length < count) {
    throw new Error(`Only ${rows.length} completed enrollments to certify; ${count} wanted.`)
  }
  const certificates: unknown[][] = []
  for (const [i, row] of rows.entries()) {
    const serial = newSerial()
    const issuedAt = row.completed_at.toISOString()
    const facts = { serial, holderName: row.holder_name, courseTitle: row.course_title, schoolName: row.school_name, locale: row.locale, issuedAt }
    const credential = await signClaims({ iss: issuer, sub: serial, jti: serial, iat: Math.floor(row.completed_at.getTime() / 1000), certificate: facts })
    const revoked = i % 50 === 49
    certificates.push([
      row.tenant, `${serial} — ${row.holder_name} — ${row.course_title}`.slice(0, 300), serial, revoked ? 'revoked' : 'valid',
      revoked ? 'Issued in error' : null, revoked ? issuedAt : null, row.holder, row.enrollment, row.course,
      row.holder_name, row.course_title, row.school_name, row.locale, issuedAt, credential, issuedAt, issuedAt,
    ])
  }
  await insert(db, 'certificates', [
    ['tenant_id', 'int4'], ['title', 'text'], ['serial', 'text'], ['status', 'enum_certificates_status'], ['revoked_reason', 'text'],
    ['revoked_at', 'timestamptz'], ['holder_id', 'int4'], ['enrollment_id', 'int4'], ['course_id', 'int4'], ['holder_name', 'text'],
    ['course_title', 'text'], ['school_name', 'text'], ['locale', 'text'], ['issued_at', 'timestamptz'], ['credential', 'text'],
    ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
  ], certificates)
  const { rows: seeded } = await db.query<SeededCertificate>('select id, serial from certificates order by id')
  return seeded
}
