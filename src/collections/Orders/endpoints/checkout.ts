import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { placeOrder, providersFrom } from '@/domain/payments/checkout'
import { paymentSettingsOf } from '@/domain/payments/schoolSecrets'
import { startPayment } from '@/domain/payments/startPayment'
import { PROVIDERS, type Provider } from '@/domain/payments/status'
import { optionalJsonBody, readableCourseTerms, requirePerson } from '@/http/requestHelpers'
import { stripeConfigured } from '@/services/stripe/client'
import { relationId } from '@/shared/relationId'

const positiveId = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647 ? value : undefined)

/**
 * `POST /api/orders/checkout` `{ course, provider, coupon?, locale? }`, optionally with an
 * `Idempotency-Key` header: places an order for a paid course at the server's price and answers
 * where to pay. The same key answers the same order and the same next step.
 */
export const startCheckout: Endpoint = {
  path: '/checkout',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'buy a course')
    const body = await optionalJsonBody(req)
    const courseId = positiveId(body.course)
    if (courseId === undefined) {
      throw new APIError('"course" must be the id of a course.', 400)
    }
    if (typeof body.provider !== 'string' || !(PROVIDERS as readonly string[]).includes(body.provider)) {
      throw new APIError(`"provider" must be one of ${PROVIDERS.join(', ')}.`, 400)
    }
    if (body.coupon !== undefined && (typeof body.coupon !== 'string' || body.coupon.length > 40)) {
      throw new APIError('"coupon" must be a code of at most 40 characters.', 400)
    }
    if (body.locale !== undefined && typeof body.locale !== 'string') {
      throw new APIError('"locale" must be a language code: en, ar or so.', 400)
    }
    const course = await readableCourseTerms(req, courseId)
    const provider = body.provider as Provider
    // Read once for the whole checkout: which providers, the tax, and where Stripe pays.
    const schoolSettings = (await paymentSettingsOf(req, relationId(course.tenant)!)) ?? null
    if (!providersFrom(schoolSettings, stripeConfigured()).includes(provider)) {
      throw new APIError(`This school does not take payments by ${provider}.`, 409)
    }
    const { order, created } = await placeOrder({
      req,
      person: { id: person.id, email: person.email ?? '' },
      course,
      provider,
      couponCode: body.coupon as string | undefined,
      idempotencyKey: req.headers.get('idempotency-key') ?? undefined,
      locale: (body.locale as string | undefined) ?? req.locale ?? undefined,
      schoolSettings,
    })
    const next = await startPayment({ req, order, course, schoolSettings })
    const { id, reference, status, currency, subtotal, discount, tax, total } = order
    return Response.json({ order: { id, reference, status, currency, subtotal, discount, tax, total }, next }, { status: created ? 201 : 200 })
  },
}
