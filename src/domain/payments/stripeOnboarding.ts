import type { PayloadRequest } from 'payload'

import type { PaymentSetting } from '@/payload-types'

import { createHash, randomUUID } from 'node:crypto'

import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { createStripeConnectAccount, createStripeOnboardingLink, retrieveStripeAccount, schoolDetailRefused } from '@/services/stripe/client'
import { conflict, invalid, notFound, unavailable } from '@/shared/domainError'
import { PAYMENT_SETTINGS, TENANTS } from '@/shared/slugs'

import { paymentSettingsOf } from './schoolSecrets'
import { recordStripeAccountState, statusOf, stripeConnectStage } from './stripeConnect'

/** Where Stripe sends the school's admin back: when they leave onboarding, and when a link was used or expired. */
export type OnboardingUrls = { returnUrl: string; refreshUrl: string }

export type OnboardingLink = { url: string; expiresAt: Date; account: string; school: PaymentSetting }

/**
 * The key of a school's account creation: the school, and what the account is opened with. A
 * second request for the same school (a double click, a retry, another process) is answered the
 * same account by Stripe; one sent after the school changed its country is a new request, which
 * Stripe would otherwise refuse for reusing a key with other parameters.
 */
const accountKey = (tenant: number, params: Record<string, string | undefined>): string =>
  `aqoon-connect-account-${tenant}-${createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16)}`

const schoolOf = async (req: PayloadRequest, tenant: number) => {
  const school = await req.payload.findByID({ collection: TENANTS, id: tenant, depth: 0, select: { slug: true }, overrideAccess: true, disableErrors: true, req })
  if (!school) {
    throw notFound('No such school.')
  }
  return school
}

/**
 * The school's settings with a connected account: the one it has, or a new Express account
 * opened now and stored. Under the school's Connect lock, so two requests at once open one
 * account (the second waits and finds it); settings are created if the school had none.
 */
const settingsWithAccount = async ({ req, tenant, now }: { req: PayloadRequest; tenant: number; now: Date }): Promise<PaymentSetting> => {
  const { slug } = await schoolOf(req, tenant)
  return inTransaction(req, async () => {
    await lockFor(req, LOCKS.stripeConnect, tenant)
    const current = (await paymentSettingsOf(req, tenant)) ?? (await req.payload.create({ collection: PAYMENT_SETTINGS, data: { tenant }, depth: 0, overrideAccess: true, req }))
    if (current.stripeAccountId) {
      return current
    }
    const params = { country: current.country || undefined, email: current.invoiceEmail || undefined }
    let state
    try {
      state = await createStripeConnectAccount({ idempotencyKey: accountKey(tenant, params), ...params, metadata: { tenant: String(tenant), school: slug } })
    } catch (error) {
      const refused = schoolDetailRefused(error)
      if (refused) {
        // The settings' own field: Stripe's `email` is the school's invoice email.
        const field = refused.field === 'email' ? 'invoiceEmail' : 'country'
        throw invalid(`Stripe refused the school's ${refused.field}: ${refused.message}`, { field, collection: PAYMENT_SETTINGS })
      }
      req.payload.logger.warn({ err: error, msg: `payments: Stripe did not open a connected account for school ${tenant}` })
      throw unavailable('Stripe did not open an account for the school. Try again in a few minutes.')
    }
    req.payload.logger.info({ msg: `payments: school ${tenant} opened Stripe account ${state.id}`, tenant, account: state.id })
    return req.payload.update({ collection: PAYMENT_SETTINGS, id: current.id, data: { stripeAccountId: state.id, stripeStatus: statusOf(state, now) }, depth: 0, overrideAccess: true, req })
  })
}

const linkFor = async ({ req, school, urls }: { req: PayloadRequest; school: PaymentSetting; urls: OnboardingUrls }): Promise<OnboardingLink> => {
  const account = school.stripeAccountId!
  try {
    // Each link is used once: a fresh key per request, which the SDK keeps across its own retries.
    const link = await createStripeOnboardingLink({ account, ...urls, idempotencyKey: `aqoon-connect-link-${account}-${randomUUID()}` })
    return { ...link, account, school }
  } catch (error) {
    req.payload.logger.warn({ err: error, msg: `payments: Stripe did not make an onboarding link for ${account}` })
    throw unavailable('Stripe did not answer with an onboarding link. Try again in a few minutes.')
  }
}

/** An account that takes charges and owes Stripe nothing has no onboarding left: its owner manages it at Stripe. */
const checkOnboardingLeft = (school: PaymentSetting): void => {
  if (stripeConnectStage(school) === 'ready' && !school.stripeStatus?.requirementsDue) {
    throw conflict("This school's Stripe account is connected and takes card payments; Stripe wants nothing more. Its owner manages it in Stripe's dashboard.")
  }
}

/**
 * A school admin connects Stripe (or carries on): opens the school's Express account if it has
 * none, and answers a link to Stripe's hosted onboarding for it. Stripe failing is `unavailable`
 * (an account it opened before failing is kept, and used next time); Stripe refusing the school's
 * country or email is `invalid`, naming the settings' field.
 */
export const startStripeOnboarding = async ({ req, tenant, urls, now = new Date() }: { req: PayloadRequest; tenant: number; urls: OnboardingUrls; now?: Date }): Promise<OnboardingLink> => {
  const school = await settingsWithAccount({ req, tenant, now })
  checkOnboardingLeft(school)
  return linkFor({ req, school, urls })
}

/** A fresh onboarding link for the account the school has (Stripe's `refresh_url`: the last link was used or expired). */
export const renewStripeOnboarding = async ({ req, tenant, urls }: { req: PayloadRequest; tenant: number; urls: OnboardingUrls }): Promise<OnboardingLink> => {
  await schoolOf(req, tenant)
  const school = await paymentSettingsOf(req, tenant)
  if (!school?.stripeAccountId) {
    throw conflict('This school has no Stripe account yet: connect Stripe from its payment settings.')
  }
  checkOnboardingLeft(school)
  return linkFor({ req, school, urls })
}

/**
 * The account's state as Stripe tells it now, recorded: where Stripe sends the admin back after
 * onboarding (which does not mean it is done), and what "Check status" asks.
 */
export const checkStripeAccount = async ({ req, tenant, now = new Date() }: { req: PayloadRequest; tenant: number; now?: Date }): Promise<PaymentSetting> => {
  await schoolOf(req, tenant)
  const school = await paymentSettingsOf(req, tenant)
  if (!school?.stripeAccountId) {
    throw conflict('This school has no Stripe account yet: connect Stripe from its payment settings.')
  }
  let state
  try {
    state = await retrieveStripeAccount(school.stripeAccountId)
  } catch (error) {
    req.payload.logger.warn({ err: error, msg: `payments: Stripe did not answer about account ${school.stripeAccountId}` })
    throw unavailable("Stripe did not answer about the school's account. Try again in a few minutes.")
  }
  return (await recordStripeAccountState({ req, tenant, state, at: now })).school ?? school
}
