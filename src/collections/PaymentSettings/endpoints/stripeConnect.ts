import type { Endpoint, PayloadRequest } from 'payload'

import { APIError } from 'payload'
import { formatAdminURL } from 'payload/shared'

import { administersSchool } from '@/domain/identity/staff'
import { stripeConnectStage } from '@/domain/payments/stripeConnect'
import { checkStripeAccount, type OnboardingUrls, renewStripeOnboarding, startStripeOnboarding } from '@/domain/payments/stripeOnboarding'
import { optionalJsonBody, requirePerson } from '@/http/requestHelpers'
import { stripeConfigured } from '@/services/stripe/client'
import { settings } from '@/settings'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

const MAX_ID = 2_147_483_647

const schoolId = (value: unknown): number => {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) {
    throw new APIError('"tenant" must be the id of a school.', 400)
  }
  return id
}

/**
 * The school a Connect request is for, once the requester may act for it: signed in (401), the
 * school named (400), its admin or a super-admin (403), and Stripe set up on this server (404).
 */
const schoolFor = async (req: PayloadRequest, given: unknown): Promise<number> => {
  requirePerson(req, "connect the school's Stripe account")
  const tenant = schoolId(given)
  if (!(await administersSchool(req, tenant))) {
    throw new APIError("Only the school's admins connect its Stripe account.", 403)
  }
  if (!stripeConfigured()) {
    throw new APIError('Card payments (Stripe) are not set up on this server: the platform operator sets STRIPE_SECRET_KEY.', 404)
  }
  return tenant
}

/** Where Stripe sends the admin back: our own routes, absolute, on the configured server URL. */
const onboardingUrls = (req: PayloadRequest, tenant: number): OnboardingUrls => {
  const url = (path: '/return' | '/refresh') => `${formatAdminURL({ apiRoute: req.payload.config.routes.api, serverURL: settings.serverUrl, path: `/${PAYMENT_SETTINGS}/stripe${path}` })}?tenant=${tenant}`
  return { returnUrl: url('/return'), refreshUrl: url('/refresh') }
}

const adminView = (req: PayloadRequest, settingsId: number): string =>
  formatAdminURL({ adminRoute: req.payload.config.routes.admin, serverURL: settings.serverUrl, path: `/collections/${PAYMENT_SETTINGS}/${settingsId}` })

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } })

/**
 * `POST /api/payment-settings/stripe/connect` `{ tenant }`: a school admin connects Stripe, or
 * carries on where they stopped. Opens the school's Express account if it has none (one, however
 * often it is asked) and answers a link to Stripe's onboarding.
 */
export const connectStripe: Endpoint = {
  path: '/stripe/connect',
  method: 'post',
  handler: async (req) => {
    const body = await optionalJsonBody(req)
    const tenant = await schoolFor(req, body.tenant)
    const link = await startStripeOnboarding({ req, tenant, urls: onboardingUrls(req, tenant) })
    req.payload.logger.info({ msg: `payments: onboarding link for ${link.account} given to user ${req.user?.id}`, tenant, account: link.account })
    return Response.json({ url: link.url, expiresAt: link.expiresAt.toISOString(), account: link.account, stage: stripeConnectStage(link.school) })
  },
}

/**
 * `GET /api/payment-settings/stripe/return?tenant=<id>`: where Stripe sends the admin back from
 * onboarding (finished or not), and the panel's "Check status": asks Stripe how the account
 * stands, records it, and sends the admin to the school's payment settings.
 */
export const stripeReturn: Endpoint = {
  path: '/stripe/return',
  method: 'get',
  handler: async (req) => {
    const tenant = await schoolFor(req, req.query.tenant)
    const school = await checkStripeAccount({ req, tenant })
    return seeOther(adminView(req, school.id))
  },
}

/** `GET /api/payment-settings/stripe/refresh?tenant=<id>`: Stripe's `refresh_url` (a link used or expired): a new link, and on to it. */
export const stripeRefresh: Endpoint = {
  path: '/stripe/refresh',
  method: 'get',
  handler: async (req) => {
    const tenant = await schoolFor(req, req.query.tenant)
    const link = await renewStripeOnboarding({ req, tenant, urls: onboardingUrls(req, tenant) })
    return seeOther(link.url)
  },
}
