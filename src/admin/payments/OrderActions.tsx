import type { ServerProps } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { administersSchool } from '@/domain/identity/staff'
import { OPEN, REFUNDABLE } from '@/domain/payments/status'
import { relationId } from '@/shared/relationId'
import { ORDERS, PAYMENT_PROOFS } from '@/shared/slugs'

import { OrderActionsPanel } from './OrderActionsPanel'

/**
 * Approve, reject and refund beside an order's controls, for its school's admins (the rule the
 * endpoints apply) and only when the order's state allows them. Rendered again after each action
 * (the panel refreshes the page), so the buttons follow the order's new state.
 */
export const OrderActions = async ({ id, i18n, payload, user }: ServerProps) => {
  if (id === undefined || !user) {
    return null
  }
  // Document slots get no request; a local one carries the user for the access rules.
  const req = await createLocalReq({ user }, payload)
  const order = await payload.findByID({ collection: ORDERS, id, depth: 0, overrideAccess: false, user, req, disableErrors: true })
  if (!order || !(await administersSchool(req, order.tenant))) {
    return null
  }
  const decide = order.provider === 'bank' && OPEN.includes(order.status)
  const proofId = decide ? relationId(order.proof) : undefined
  const proof = proofId === undefined ? null : await payload.findByID({ collection: PAYMENT_PROOFS, id: proofId, depth: 0, overrideAccess: false, user, req, disableErrors: true })
  return (
    <OrderActionsPanel
      currency={order.currency}
      decide={decide}
      language={i18n.language}
      left={order.total - order.refunded}
      orderId={order.id}
      proof={proof?.url ? { url: proof.url, name: proof.originalName ?? proof.filename ?? String(proof.id) } : undefined}
      refund={REFUNDABLE.includes(order.status)}
    />
  )
}
