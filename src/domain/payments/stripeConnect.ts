import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

import type { PaymentSetting } from '@/payload-types'

import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { type StripeAccountState, stripeAccountStateOf } from '@/services/stripe/client'
import { relationId } from '@/shared/relationId'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

import type { Applied } from './providerEvents'

import { paymentSettingsOf } from './schoolSecrets'

/**
 * Where a school's Connect onboarding stands, as its admins see it:
 * - `none`: no connected account; card payments go to the platform's account.
 * - `unchecked`: an account id (typed by a super-admin) whose state we have not asked Stripe for.
 * - `onboarding`: the account cannot take charges yet and Stripe wants details.
 * - `restricted`: details were given, but Stripe has stopped (or not yet allowed) charges.
 * - `ready`: Stripe lets the account take charges; card payments go to it.
 */
export type StripeConnectStage = 'none' | 'unchecked' | 'onboarding' | 'restricted' | 'ready'

type StripeStatus = NonNullable<PaymentSetting['stripeStatus']>

/** The state recorded for the account the school uses now; a state of an account it used before counts for nothing. */
const currentStatus = (school: PaymentSetting | undefined): StripeStatus | undefined =>
  school?.stripeAccountId && school.stripeStatus?.account === school.stripeAccountId ? school.stripeStatus : undefined

export const stripeConnectStage = (school: PaymentSetting | undefined): StripeConnectStage => {
  if (!school?.stripeAccountId) {
    return 'none'
  }
  const status = currentStatus(school)
  if (!status?.checkedAt) {
    return 'unchecked'
  }
  if (status.chargesEnabled) {
    return 'ready'
  }
  return status.detailsSubmitted ? 'restricted' : 'onboarding'
}

/**
 * The connected account a school's card payments go to (a destination charge), with the
 * platform's fee; none while Stripe does not let the account take charges, so the money then
 * goes to the platform's account rather than to a charge Stripe refuses. The one rule checkout
 * and seat checkout follow.
 */
export const stripeDestinationOf = (school: PaymentSetting | undefined): { account: string; feePercent: number } | undefined =>
  stripeConnectStage(school) === 'ready' ? { account: school!.stripeAccountId!, feePercent: school!.platformFeePercent ?? 0 } : undefined

/** At most this many characters of requirement names are kept: enough to say what is missing, not a copy of Stripe's. */
const REQUIREMENTS_KEPT = 300

const shortList = (names: string[]): string | null => {
  if (names.length === 0) {
    return null
  }
  const kept: string[] = []
  for (const name of names) {
    if ([...kept, name].join(', ').length > REQUIREMENTS_KEPT) {
      break
    }
    kept.push(name)
  }
  const more = names.length - kept.length
  return `${kept.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
}

/** The stored status of an account's state as Stripe gave it at `at`. */
export const statusOf = (state: StripeAccountState, at: Date): StripeStatus => ({
  account: state.id,
  chargesEnabled: state.chargesEnabled,
  payoutsEnabled: state.payoutsEnabled,
  detailsSubmitted: state.detailsSubmitted,
  requirementsDue: shortList(state.requirementsDue),
  disabledReason: state.disabledReason,
  checkedAt: at.toISOString(),
})

/**
 * Whether a state Stripe gave at `at` is news: Stripe's events come late, twice and out of order,
 * and say when they were made only to the second, so a state older than the second of the one
 * we have is dropped (one of the same second is taken: it may be the later).
 */
const isNews = (known: StripeStatus | undefined, state: StripeAccountState, at: Date): boolean =>
  !known?.checkedAt || known.account !== state.id || at.getTime() >= Math.floor(new Date(known.checkedAt).getTime() / 1000) * 1000

/**
 * Records what Stripe said of a school's connected account, under the school's Connect lock so
 * that onboarding, the return from Stripe and `account.updated` write one after the other. Only
 * for the account the school uses now, and only when it is newer than what is recorded.
 */
export const recordStripeAccountState = async ({ req, tenant, state, at }: { req: PayloadRequest; tenant: number; state: StripeAccountState; at: Date }): Promise<{ school?: PaymentSetting; outcome: string }> =>
  inTransaction(req, async () => {
    await lockFor(req, LOCKS.stripeConnect, tenant)
    const school = await paymentSettingsOf(req, tenant)
    if (!school || school.stripeAccountId !== state.id) {
      return { school, outcome: `school ${tenant} does not use account ${state.id}` }
    }
    if (!isNews(school.stripeStatus ?? undefined, state, at)) {
      return { school, outcome: `school ${tenant}: an older state of ${state.id} than the one recorded` }
    }
    const updated = await req.payload.update({ collection: PAYMENT_SETTINGS, id: school.id, data: { stripeStatus: statusOf(state, at) }, depth: 0, overrideAccess: true, req })
    return { school: updated, outcome: `school ${tenant}: ${state.id} is ${stripeConnectStage(updated)}` }
  })

/**
 * `account.updated` from the Connect endpoint: a connected account changed (onboarding done,
 * more wanted, charges paused). Applied to the school that uses the account, if any.
 */
export const applyAccountUpdated = async (req: PayloadRequest, event: Stripe.Event, account: Stripe.Account): Promise<Applied> => {
  if (!event.account || account.id !== event.account) {
    return { status: 'ignored', outcome: 'Not about a connected account of the platform.' }
  }
  const found = await req.payload.find({ collection: PAYMENT_SETTINGS, where: { stripeAccountId: { equals: account.id } }, limit: 1, pagination: false, depth: 0, select: { tenant: true }, overrideAccess: true, req })
  const tenant = relationId(found.docs[0]?.tenant)
  if (tenant === undefined) {
    return { status: 'ignored', outcome: `No school uses ${account.id}.` }
  }
  const { outcome } = await recordStripeAccountState({ req, tenant, state: stripeAccountStateOf(account), at: new Date(event.created * 1000) })
  return { status: 'applied', outcome }
}
