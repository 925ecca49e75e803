import { APIError, ValidationError } from 'payload'

import { DomainError, type DomainErrorKind } from '@/shared/domainError'

/** The HTTP status of each kind of domain error: chosen here, at the edge, and nowhere else. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409, 'too-large': 413, 'payment-required': 402, unavailable: 503 }

/** The Payload error a domain error is answered as: a field error beside its field, the rest by status. */
export const asPayloadError = (error: DomainError): APIError =>
  error.kind === 'invalid' && error.field
    ? new ValidationError({ collection: error.collection, errors: [{ path: error.field, message: error.message }] })
    : new APIError(error.message, DOMAIN_ERROR_STATUS[error.kind])

/** The status an error is answered with, when it says (a domain error or Payload's own); otherwise undefined. */
export const statusOf = (error: unknown): number | undefined => {
  if (error instanceof DomainError) {
    return DOMAIN_ERROR_STATUS[error.kind]
  }
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}
