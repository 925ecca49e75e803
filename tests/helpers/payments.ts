import type { Order } from '@/payload-types'

import { type StripeStandIn, startStripeStandIn } from '../stand-ins/stripe'
import { bootApp, type TestApp } from './boot'
import { createCourse } from './courses'
import type { Persona, School } from './personas'
import { startWebhookRelay } from './webhookRelay'

export const STRIPE_SECRET_KEY = 'sk_test_aqoon_standin'
export const STRIPE_WEBHOOK_SECRET = 'whsec_aqoon_platform'
export const STRIPE_CONNECT_WEBHOOK_SECRET = 'whsec_aqoon_connect'

/** `webhookOrigin` is where provider stand-ins post webhooks so they reach the app's own routes. */
export type PaymentsWorld = { app: TestApp; stripe: StripeStandIn; webhookOrigin: string; close: () => Promise<void> }

/** The app with Stripe pointed at a stand-in whose webhooks reach the app's own route. */
export const bootWithStripe = async (env: Record<string, string> = {}): Promise<PaymentsWorld> => {
  const stripe = await startStripeStandIn({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET, connectWebhookSecret: STRIPE_CONNECT_WEBHOOK_SECRET })
  const app = await bootApp({
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    STRIPE_CONNECT_WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
    ...env,
  })
  const relay = await startWebhookRelay(app, ['stripe-signature', 'paypal-auth-algo', 'paypal-cert-url', 'paypal-transmission-id', 'paypal-transmission-sig', 'paypal-transmission-time'])
  stripe.setWebhookUrl(`${relay.origin}/api/webhooks/stripe`)
  return {
    app,
    stripe,
    webhookOrigin: relay.origin,
    close: async () => {
      await relay.close()
      await app.close()
      await stripe.close()
    },
  }
}

/** A paid course of the school (published, open to buy). */
export const createPaidCourse = (app: TestApp, school: School, data: Record<string, unknown> = {}) =>
  createCourse(app.payload, school.tenant.id, { enrollmentPolicy: 'paid', price: { amount: 4900, currency: 'USD' }, ...data })

export type CheckoutAnswer = { status: number; body: { order?: Pick<Order, 'id' | 'reference' | 'status' | 'currency' | 'subtotal' | 'discount' | 'tax' | 'total'>; next?: { redirectUrl?: string; instructions?: string; paid?: true }; errors?: { message: string }[] } }

/** `POST /api/orders/checkout` as `person`. */
export const checkout = async (app: TestApp, person: Persona, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<CheckoutAnswer> => {
  const response = await app.api.post('/api/orders/checkout', { token: await app.api.tokenOf(person), body, headers })
  return { status: response.status, body: (await response.json()) as CheckoutAnswer['body'] }
}

/** The order as stored. */
export const orderOf = (app: TestApp, id: number): Promise<Order> => app.payload.findByID({ collection: 'orders', id, depth: 0, overrideAccess: true })

/** The Checkout Session id of an order that has one. */
export const sessionOf = async (app: TestApp, orderId: number): Promise<string> => {
  const order = await orderOf(app, orderId)
  if (!order.stripe?.checkoutSession) {
    throw new Error(`order ${orderId} has no checkout session`)
  }
  return order.stripe.checkoutSession
}
