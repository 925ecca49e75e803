import type { Endpoint, PayloadRequest } from 'payload'

import type { Order } from '@/payload-types'

import { APIError } from 'payload'

import { administersSchool } from '@/domain/identity/staff'
import { approveTransfer, rejectTransfer, submitProof } from '@/domain/payments/bankTransfer'
import { capturePayPal } from '@/domain/payments/paypalPayments'
import { refundOrder } from '@/domain/payments/refund'
import { PROOF_BYTES } from '@/http/bodyLimits'
import { optionalJsonBody, readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { inTransaction, systemRequestFor } from '@/services/database/transactions'
import { storageName } from '@/services/uploads/checkUpload'
import { checkUploadWithAudit } from '@/services/uploads/checkUploadWithAudit'
import { settings } from '@/settings'
import { relationId } from '@/shared/relationId'
import { ORDERS, PAYMENT_PROOFS } from '@/shared/slugs'

const PROOF_TYPES = ['pdf', 'png', 'jpg', 'jpeg', 'webp']

/** The order as the requester may read it (their own, or their school's as its admin), or a 404. */
const readableOrder = (req: PayloadRequest): Promise<Order> => readableOr404(req, ORDERS, routeId(req, 'id', 'order'), 'order')

/** Only the school's admins (and the platform's) act on its orders' money. */
const requireSchoolAdmin = async (req: PayloadRequest, order: Order, action: string): Promise<number> => {
  const person = requirePerson(req, action)
  if (!(await administersSchool(req, order.tenant))) {
    throw new APIError(`Only the school's admins can ${action}.`, 403)
  }
  return person.id
}

const answer = (message: string, order: Order) => Response.json({ message, order })

/** `POST /api/orders/:id/capture`: the buyer's front end takes the money of a PayPal order the buyer approved. */
export const captureOrder: Endpoint = {
  path: '/:id/capture',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'pay')
    const order = await readableOrder(req)
    const settled = await capturePayPal({ req, order })
    return answer(settled.order.status === 'succeeded' ? 'Paid.' : 'The payment is being processed.', settled.order)
  },
}

/**
 * `GET /api/orders/paypal/return?token=<PayPal order>`: where PayPal sends the buyer after they
 * approve. Captures (once: a reload or a second tab finds it captured) and sends the buyer on
 * to their order. Needs no session: the PayPal order id names the order, and capturing an
 * approved order only ever pays it.
 */
export const payPalReturn: Endpoint = {
  path: '/paypal/return',
  method: 'get',
  handler: async (incoming) => {
    const req = await systemRequestFor(incoming)
    const token = typeof incoming.query.token === 'string' ? incoming.query.token : ''
    if (!/^[A-Z0-9-]{5,64}$/i.test(token)) {
      throw new APIError('The PayPal order is missing from this link.', 400)
    }
    const found = await req.payload.find({ collection: ORDERS, where: { 'paypal.order': { equals: token } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })
    const order = found.docs[0]
    if (!order) {
      throw new APIError('No order is paid with this PayPal order.', 404)
    }
    const settled = order.status === 'pending' ? await capturePayPal({ req, order }) : { order }
    return new Response(null, { status: 303, headers: { location: `${settings.serverUrl}/learn/orders/${settled.order.reference}` } })
  },
}

/** `POST /api/orders/:id/proof` (multipart, `file`): the buyer's proof of a bank transfer, checked and scanned before it is kept. */
export const uploadProof: Endpoint = {
  path: '/:id/proof',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'send a proof of payment')
    const order = await readableOrder(req)
    if (relationId(order.buyer) !== person.id) {
      throw new APIError('Only the buyer sends the proof of their payment.', 403)
    }
    const form = await (req as unknown as Request).formData().catch(() => {
      throw new APIError('Send the proof as a multipart form with a "file" field.', 400)
    })
    const file = form.get('file')
    if (!file || typeof file === 'string') {
      throw new APIError('Send the proof as a multipart form with a "file" field.', 400)
    }
    const data = Buffer.from(await file.arrayBuffer())
    const tenant = relationId(order.tenant)!
    const checked = await checkUploadWithAudit({ req, collection: PAYMENT_PROOFS, tenants: [tenant], filename: file.name || 'proof', data, allowed: PROOF_TYPES, maxBytes: PROOF_BYTES })
    const updated = await inTransaction(req, async () => {
      const proof = await req.payload.create({
        collection: PAYMENT_PROOFS,
        data: { tenant, order: order.id, buyer: person.id, originalName: (file.name || 'proof').slice(0, 255) },
        file: { data, mimetype: checked.mimeType, name: storageName(checked), size: data.length },
        depth: 0,
        overrideAccess: true,
        req,
      })
      return submitProof({ req, order, proof: proof.id })
    })
    return answer("Thank you: the school's admins will check your transfer.", updated)
  },
}

/** `POST /api/orders/:id/approve`: a school admin saw the transfer arrive. */
export const approveOrder: Endpoint = {
  path: '/:id/approve',
  method: 'post',
  handler: async (req) => {
    const order = await readableOrder(req)
    const by = await requireSchoolAdmin(req, order, 'approve payments')
    return answer('Payment approved.', (await approveTransfer({ req, order, by })).order)
  },
}

/** `POST /api/orders/:id/reject` `{ reason }`: a school admin found no such transfer. */
export const rejectOrder: Endpoint = {
  path: '/:id/reject',
  method: 'post',
  handler: async (req) => {
    const order = await readableOrder(req)
    await requireSchoolAdmin(req, order, 'reject payments')
    const body = await optionalJsonBody(req)
    if (typeof body.reason !== 'string' || body.reason.trim() === '' || body.reason.length > 500) {
      throw new APIError('Say why, in "reason" (at most 500 characters): the buyer reads it.', 400)
    }
    return answer('Payment rejected.', (await rejectTransfer({ req, order, reason: body.reason.trim() })).order)
  },
}

/** `POST /api/orders/:id/refund` `{ amount?, reason?, keepEnrollment? }`: a school admin gives money back through the provider. */
export const refundOrderEndpoint: Endpoint = {
  path: '/:id/refund',
  method: 'post',
  handler: async (req) => {
    const order = await readableOrder(req)
    const by = await requireSchoolAdmin(req, order, 'refund payments')
    const body = await optionalJsonBody(req)
    if (body.amount !== undefined && !(typeof body.amount === 'number' && Number.isSafeInteger(body.amount) && body.amount > 0)) {
      throw new APIError('"amount" is a whole number of the currency\'s smallest unit, above 0 (leave it out to refund all that is left).', 400)
    }
    if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason.length > 500)) {
      throw new APIError('"reason" is text of at most 500 characters.', 400)
    }
    if (body.keepEnrollment !== undefined && typeof body.keepEnrollment !== 'boolean') {
      throw new APIError('"keepEnrollment" is true or false.', 400)
    }
    const settled = await refundOrder({ req, order, by, amount: body.amount as number | undefined, reason: body.reason as string | undefined, keepEnrollment: body.keepEnrollment as boolean | undefined })
    return answer(settled.order.status === 'refunded' ? 'Refunded in full.' : 'Refunded in part.', settled.order)
  },
}
