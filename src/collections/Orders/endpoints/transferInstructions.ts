import type { Endpoint } from 'payload'

import { transferInstructionsFor } from '@/domain/payments/bankTransfer'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { ORDERS } from '@/shared/slugs'

/**
 * `GET /api/orders/:id/instructions`: a bank-transfer order's instructions again (the school's
 * bank details, the amount, the reference to quote, the hold), so a buyer who left the checkout
 * page can still pay. 401 anonymous; 404 for an order the requester cannot read, one not paid by
 * transfer, or one no longer waiting (paid, failed); 403 for anyone but the buyer who reads it.
 */
export const readTransferInstructions: Endpoint = {
  path: '/:id/instructions',
  method: 'get',
  handler: async (req) => {
    const person = requirePerson(req, 'see how to pay')
    const order = await readableOr404(req, ORDERS, routeId(req, 'id', 'order'), 'order')
    const instructions = await transferInstructionsFor({ req, order, reader: person.id })
    // The school's bank details: kept by no cache on the way.
    return Response.json(instructions, { headers: { 'Cache-Control': 'no-store' } })
  },
}
