import type { PayloadRequest } from 'payload'

import type { Certificate } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { CERTIFICATES } from '@/shared/slugs'

/** A new certificate is issued; one that turns revoked is revoked. */
export const recordCertificateEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: Certificate; previous: Certificate | undefined }): Promise<void> => {
  const common = { tenant: relationId(doc.tenant) ?? null, subject: { collection: CERTIFICATES, id: doc.id } }
  const ids = { certificate: doc.id, serial: doc.serial, holder: relationId(doc.holder)!, course: relationId(doc.course)! }
  if (!previous) {
    await recordEvent(req, { ...common, type: 'certificate.issued', payload: { ...ids, enrollment: relationId(doc.enrollment)!, issuedAt: doc.issuedAt, replaces: relationId(doc.replaces) ?? null } })
  }
  if (doc.status === 'revoked' && previous?.status !== 'revoked') {
    await recordEvent(req, { ...common, type: 'certificate.revoked', payload: { ...ids, reason: doc.revokedReason ?? '', revokedAt: doc.revokedAt ?? doc.updatedAt } })
  }
}
