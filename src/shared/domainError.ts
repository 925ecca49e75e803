/**
 * What went wrong, in the domain's words. Domain modules throw these and never choose an HTTP
 * status: the edge (src/hooks/showClientErrors.ts) maps each kind to one.
 */
export type DomainErrorKind =
  /** The input breaks a rule; `field` names the input when there is one. */
  | 'invalid'
  /** The requester may not do this. */
  | 'forbidden'
  /** It does not exist, or the requester may not know that it does. */
  | 'not-found'
  /** It cannot happen in the current state (a full course, a used link, a duplicate). */
  | 'conflict'
  /** The input is larger than allowed. */
  | 'too-large'
  /** It needs a payment first. */
  | 'payment-required'
  /** An outside system it depends on (a payment provider) could not be reached; try again later. */
  | 'unavailable'

export class DomainError extends Error {
  readonly kind: DomainErrorKind
  readonly field?: string
  /** The collection `field` belongs to, for field errors shown beside the field. */
  readonly collection?: string

  constructor(kind: DomainErrorKind, message: string, where: { field?: string; collection?: string } = {}) {
    super(message)
    this.name = 'DomainError'
    this.kind = kind
    this.field = where.field
    this.collection = where.collection
  }
}

/** A rule the input breaks, shown beside `field` when one is given. */
export const invalid = (message: string, where?: { field?: string; collection?: string }): DomainError => new DomainError('invalid', message, where)

export const forbidden = (message: string): DomainError => new DomainError('forbidden', message)

export const notFound = (message: string): DomainError => new DomainError('not-found', message)

export const conflict = (message: string): DomainError => new DomainError('conflict', message)

export const tooLarge = (message: string): DomainError => new DomainError('too-large', message)

export const paymentRequired = (message: string): DomainError => new DomainError('payment-required', message)

export const unavailable = (message: string): DomainError => new DomainError('unavailable', message)
