import type { Endpoint, PayloadRequest } from 'payload'

import type { Certificate } from '@/payload-types'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { adminTenants } from '@/domain/identity/staff'
import { CERTIFICATES } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { optionalJsonBody, readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { issueCertificate } from '@/domain/certificates/issueCertificate'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'

/** The certificate, if the requester may read it (else 404), and whether they administer its school (else 403). */
const administeredCertificate = async (req: PayloadRequest): Promise<Certificate> => {
  requirePerson(req, 'manage certificates')
  const id = routeId(req, 'id', 'certificate')
  const certificate = await readableOr404(req, CERTIFICATES, id, 'certificate')
  if (!isSuperAdmin(req.user) && !(await adminTenants(req)).includes(relationId(certificate.tenant) ?? -1)) {
    throw new APIError("Only the school's admins revoke or re-issue certificates.", 403)
  }
  return certificate
}

const reasonOf = async (req: PayloadRequest): Promise<string | undefined> => {
  const { reason } = await optionalJsonBody(req)
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
    throw new APIError('"reason" must be text of at most 500 characters.', 400)
  }
  return typeof reason === 'string' && reason.trim() ? reason.trim() : undefined
}

const revoke = (req: PayloadRequest, id: number, reason: string): Promise<Certificate> =>
  req.payload.update({ collection: CERTIFICATES, id, data: { status: 'revoked', revokedReason: reason }, depth: 0, overrideAccess: false, user: req.user, req })

/** `POST /api/certificates/:id/revoke` `{ "reason": "…" }`: tenant-admins revoke, with a reason. */
export const revokeCertificate: Endpoint = {
  path: '/:id/revoke',
  method: 'post',
  handler: async (req) => {
    const certificate = await administeredCertificate(req)
    const reason = await reasonOf(req)
    if (!reason) {
      throw new APIError('Give the reason for revoking.', 400)
    }
    if (certificate.status === 'revoked') {
      throw new APIError('This certificate is already revoked.', 409)
    }
    return Response.json({ message: 'Revoked.', doc: await inTransaction(req, () => revoke(req, certificate.id, reason)) })
  },
}

/**
 * `POST /api/certificates/:id/reissue` `{ "reason"?: "…" }`: a fresh certificate (new serial,
 * the holder's current name) for the same completed enrollment; the old one is revoked
 * if it was still valid. Both happen in one transaction, under the enrollment's lock.
 */
export const reissueCertificate: Endpoint = {
  path: '/:id/reissue',
  method: 'post',
  handler: async (req) => {
    const certificate = await administeredCertificate(req)
    const reason = await reasonOf(req)
    const enrollmentId = relationId(certificate.enrollment)!
    const issued = await inTransaction(req, async () => {
      await lockFor(req, LOCKS.certificateIssue, enrollmentId)
      const current = await req.payload.findByID({ collection: CERTIFICATES, id: certificate.id, depth: 0, overrideAccess: true, req })
      if (current.status === 'valid') {
        await revoke(req, current.id, reason ?? 'Replaced by a re-issued certificate.')
      }
      return issueCertificate({ req, enrollmentId, replaces: current.id })
    })
    if (!issued) {
      throw new APIError('This course no longer gives certificates.', 409)
    }
    return Response.json({ message: 'Re-issued.', doc: issued.certificate }, { status: 201 })
  },
}
