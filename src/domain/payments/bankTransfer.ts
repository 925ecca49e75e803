import type { PayloadRequest } from 'payload'

import type { Order } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { inTransaction } from '@/services/database/transactions'
import { settings } from '@/settings'
import { conflict, forbidden, notFound } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ORDERS } from '@/shared/slugs'

import { formatMoney } from './money'
import { openSecret, paymentSettingsOf } from './schoolSecrets'
import { lockedOrder, recordCharge, recordFailure, type Settled, settledOrder } from './settle'
import { checkMove, OPEN } from './status'

/** The school's bank details, opened for one of its bank-transfer orders; a 409 when it has none. */
const bankDetailsFor = async (req: PayloadRequest, order: Order): Promise<string> => {
  const own = await paymentSettingsOf(req, relationId(order.tenant)!)
  const details = own ? openSecret(own, 'bankDetails') : undefined
  if (!details) {
    throw conflict('This school takes no bank transfers.')
  }
  return details
}

/**
 * What the buyer of a bank-transfer order is told: the amount, the school's bank details (opened
 * for this buyer's own order only) and the order's reference to quote. The place is held for
 * the days a transfer takes.
 */
export const bankInstructions = async ({ req, order }: { req: PayloadRequest; order: Order }): Promise<{ instructions: string; reference: string; holdsPlaceUntil: string }> => {
  const details = await bankDetailsFor(req, order)
  const holdsPlaceUntil = new Date(new Date(order.createdAt).getTime() + settings.payments.bankHoldDays * 86_400_000).toISOString()
  if (order.holdsPlaceUntil !== holdsPlaceUntil && order.status === 'pending') {
    await req.payload.update({ collection: ORDERS, id: order.id, data: { holdsPlaceUntil }, depth: 0, overrideAccess: true, req })
  }
  const amount = formatMoney(order.total, order.currency, 'en')
  return {
    reference: order.reference,
    holdsPlaceUntil,
    instructions: `Transfer ${amount} to:\n${details}\nQuote the reference ${order.reference} so the school can match your payment, then upload the proof of transfer on your order. Your place is held until ${holdsPlaceUntil.slice(0, 10)}.`,
  }
}

/** A bank transfer's instructions as data, for a front end to word in the buyer's language. */
export type TransferInstructions = {
  reference: string
  /** In the currency's smallest unit. */
  amount: number
  currency: string
  bankDetails: string
  /** Until when the order holds the buyer's place; after it the transfer is still taken. */
  holdsPlaceUntil: string | null
}

/**
 * The instructions of a bank-transfer order again, for its buyer only (the school's bank details
 * are shown to no one else, its admins included: they see a hint in the settings), and only while
 * the order waits for the transfer or its approval. Reads only: the hold was set at checkout.
 */
export const transferInstructionsFor = async ({ req, order, reader }: { req: PayloadRequest; order: Order; reader: number }): Promise<TransferInstructions> => {
  if (relationId(order.buyer) !== reader) {
    throw forbidden('Only the buyer reads the transfer instructions of their order.')
  }
  if (order.provider !== 'bank') {
    throw notFound('This order is not paid by bank transfer: it has no transfer instructions.')
  }
  if (!OPEN.includes(order.status)) {
    throw notFound(`This order is ${order.status}: it awaits no transfer.`)
  }
  return {
    reference: order.reference,
    amount: order.total,
    currency: order.currency,
    bankDetails: await bankDetailsFor(req, order),
    holdsPlaceUntil: order.holdsPlaceUntil ?? null,
  }
}

/** The buyer has uploaded proof of their transfer: the order waits for the school's admins. */
export const submitProof = async ({ req, order, proof }: { req: PayloadRequest; order: Order; proof: number }): Promise<Order> =>
  inTransaction(req, async () => {
    const current = await lockedOrder(req, order.id)
    if (current.provider !== 'bank') {
      throw conflict('Only bank-transfer orders take a proof of payment.')
    }
    if (!OPEN.includes(current.status)) {
      throw conflict(`This order is ${current.status}: it takes no proof of payment now.`)
    }
    if (current.status === 'pending') {
      checkMove(current.status, 'awaiting-approval')
    }
    const updated = await req.payload.update({ collection: ORDERS, id: current.id, data: { status: 'awaiting-approval', proof }, depth: 0, overrideAccess: true, req })
    await recordEvent(req, {
      type: 'payment.awaiting-approval',
      tenant: relationId(current.tenant)!,
      subject: { collection: ORDERS, id: current.id },
      payload: { order: current.id, reference: current.reference, buyer: relationId(current.buyer)!, course: relationId(current.course) ?? null, amount: current.total, currency: current.currency, provider: 'bank' },
    })
    return updated
  })

/** A school admin saw the money arrive: the order is paid like any other, once. */
export const approveTransfer = async ({ req, order, by }: { req: PayloadRequest; order: Order; by: number }): Promise<Settled> => {
  if (order.provider !== 'bank') {
    throw conflict('Only bank-transfer orders are approved by hand.')
  }
  if (!OPEN.includes(order.status)) {
    throw conflict(`This order is ${order.status}: there is nothing to approve.`)
  }
  return settledOrder(req, await recordCharge({ req, orderId: order.id, provider: 'bank', reference: `bank-${order.reference}`, amount: order.total, currency: order.currency, by }))
}

/** A school admin found no such transfer: the order fails with their reason, and its place is freed. */
export const rejectTransfer = async ({ req, order, reason }: { req: PayloadRequest; order: Order; reason: string }): Promise<Settled> => {
  if (order.provider !== 'bank') {
    throw conflict('Only bank-transfer orders are rejected by hand.')
  }
  if (!OPEN.includes(order.status)) {
    throw conflict(`This order is ${order.status}: there is nothing to reject.`)
  }
  return recordFailure({ req, orderId: order.id, reason })
}
