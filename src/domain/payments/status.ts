import type { Order } from '@/payload-types'

import { conflict } from '@/shared/domainError'

/**
 * The order status machine, written once. An order waits for its money (`pending`), for staff
 * to see a bank transfer's proof (`awaiting-approval`), and ends paid or not; paid orders can be
 * refunded in part or in full. A failed order can still succeed: money that arrives late (a
 * provider retrying, a transfer proved after a rejection was undone) is never turned away.
 * Nothing leaves `succeeded` but a refund, so a late failure after success changes nothing.
 */
export const ORDER_STATUSES = ['pending', 'awaiting-approval', 'succeeded', 'failed', 'refunded', 'partially-refunded'] as const
export type OrderStatus = Order['status']

export const PROVIDERS = ['stripe', 'paypal', 'bank'] as const
export type Provider = (typeof PROVIDERS)[number]

/** Who sends the webhook events recorded in `provider-events`: the payment providers, and Zoom for live classes. */
export const EVENT_SOURCES = [...PROVIDERS, 'zoom'] as const
export type EventSource = (typeof EVENT_SOURCES)[number]

const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['awaiting-approval', 'succeeded', 'failed'],
  'awaiting-approval': ['succeeded', 'failed', 'pending'],
  failed: ['succeeded'],
  succeeded: ['partially-refunded', 'refunded'],
  'partially-refunded': ['partially-refunded', 'refunded'],
  refunded: [],
}

/** Orders whose money has arrived (some of it may have gone back). */
export const PAID: readonly OrderStatus[] = ['succeeded', 'partially-refunded', 'refunded']

/** Orders still waiting for money or a decision: they hold a place in the course while fresh. */
export const OPEN: readonly OrderStatus[] = ['pending', 'awaiting-approval']

/** Paid orders with money left to give back. */
export const REFUNDABLE: readonly OrderStatus[] = ['succeeded', 'partially-refunded']

export const mayMove = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to)

export const checkMove = (from: OrderStatus, to: OrderStatus): void => {
  if (!mayMove(from, to)) {
    throw conflict(`This order is ${from}; it cannot become ${to}.`)
  }
}
