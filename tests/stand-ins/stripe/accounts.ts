import type Stripe from 'stripe'

import { type ApiAnswer, type ApiCall, checkUrl, type Route } from './api'
import { child, invalidRequest, missingParam, noSuch, type Params, StripeFault } from './errors'
import { type EventObject, newId, nowSeconds } from './objects'
import { makeEvent } from './webhooks'

export type AccountObject = Stripe.Account
export type AccountLinkObject = Stripe.AccountLink

/** An account link as the stand-in keeps it: where it sends the person, and whether it was opened already. */
export type AccountLinkRecord = { object: AccountLinkObject; account: string; refreshUrl: string; returnUrl: string; visited: boolean }

/**
 * The parameter names `POST /v1/accounts` and `POST /v1/account_links` take, copied from the
 * SDK's params types (stripe 23.2.0); Stripe answers any other name with `parameter_unknown`.
 */
const KNOWN = {
  account: [
    'account_token', 'business_profile', 'business_type', 'capabilities', 'company', 'controller', 'country', 'default_currency', 'documents', 'email', 'expand',
    'external_account', 'groups', 'individual', 'metadata', 'settings', 'tos_acceptance', 'type',
  ],
  capability: ['requested'],
  accountLink: ['account', 'collect', 'collection_options', 'expand', 'refresh_url', 'return_url', 'type'],
} as const

/** Prefilled details and settings would change what onboarding asks and what the account can do: refused, not ignored. */
const UNMODELLED = {
  account: ['account_token', 'business_profile', 'business_type', 'company', 'controller', 'default_currency', 'documents', 'external_account', 'groups', 'individual', 'settings', 'tos_acceptance'],
  accountLink: ['collect', 'collection_options'],
}

/** The capabilities the stand-in models: the two a destination charge needs. */
const CAPABILITIES = ['card_payments', 'transfers'] as const

/** What Stripe's hosted onboarding asks of a new Express account before it may take charges. */
const ONBOARDING_DUE = ['business_profile.url', 'business_type', 'external_account', 'representative.first_name', 'representative.last_name', 'tos_acceptance.date', 'tos_acceptance.ip']

const COUNTRY_CURRENCY: Record<string, string> = { US: 'usd', GB: 'gbp', AE: 'aed', KE: 'kes', SA: 'sar', DE: 'eur', FR: 'eur', NL: 'eur', CA: 'cad', AU: 'aud' }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const refuseUnmodelled = (p: Params, names: readonly string[]) => {
  const found = names.find((name) => p.has(name))
  if (found !== undefined) {
    throw invalidRequest(`The Stripe stand-in does not model ${child(p.path, found)}; teach it (tests/stand-ins/stripe) before a test relies on it.`, child(p.path, found))
  }
}

const requirements = (due: string[], disabledReason: Stripe.Account.Requirements.DisabledReason | null): Stripe.Account.Requirements => ({
  alternatives: [],
  current_deadline: null,
  currently_due: [...due],
  disabled_reason: disabledReason,
  errors: [],
  eventually_due: [...due],
  past_due: [...due],
  pending_verification: [],
})

const controllerOf = (type: 'express' | 'standard' | 'custom'): Stripe.Account.Controller =>
  type === 'standard'
    ? { type: 'account', is_controller: false }
    : {
        type: 'application',
        is_controller: true,
        fees: { payer: type === 'express' ? 'application_express' : 'application_custom' },
        losses: { payments: 'application' },
        requirement_collection: type === 'express' ? 'stripe' : 'application',
        stripe_dashboard: { type: type === 'express' ? 'express' : 'none' },
      }

const accountObject = (fields: { type: 'express' | 'standard' | 'custom'; country: string; email: string | null; capabilities: string[]; metadata: Record<string, string> }): AccountObject => ({
  id: newId('acct_', 16),
  object: 'account',
  type: fields.type,
  business_profile: { annual_revenue: null, estimated_worker_count: null, mcc: null, minority_owned_business_designation: null, name: null, product_description: null, specified_commercial_transactions_act_url: null, support_address: null, support_email: null, support_phone: null, support_url: null, url: null },
  business_type: null,
  capabilities: Object.fromEntries(fields.capabilities.map((name) => [name, 'inactive'])),
  charges_enabled: false,
  controller: controllerOf(fields.type),
  country: fields.country,
  created: nowSeconds(),
  default_currency: COUNTRY_CURRENCY[fields.country] ?? 'usd',
  details_submitted: false,
  email: fields.email,
  future_requirements: requirements([], null),
  metadata: fields.metadata,
  payouts_enabled: false,
  requirements: requirements(ONBOARDING_DUE, 'requirements.past_due'),
  tos_acceptance: { date: null, ip: null, user_agent: null },
})

/** The fields `account.updated` reports as changed, with their values before. */
const previousOf = (before: AccountObject, after: AccountObject): Record<string, unknown> =>
  Object.fromEntries(
    (['charges_enabled', 'payouts_enabled', 'details_submitted', 'capabilities', 'requirements', 'tos_acceptance'] as const)
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, before[key]]),
  )

/**
 * Connect's accounts and account links: the platform makes Express (or Standard, Custom)
 * accounts, sends their owners to a hosted onboarding page through single-use links, and hears
 * `account.updated` on its Connect endpoint when onboarding completes or an account needs more.
 */
export const createAccounts = ({ onboardingPageUrl }: { onboardingPageUrl: (account: string, link: string) => string }) => {
  const accounts = new Map<string, AccountObject>()
  const links = new Map<string, AccountLinkRecord>()

  const find = (id: string, param: string): AccountObject => {
    const account = accounts.get(id)
    if (!account) {
      throw noSuch('account', id, param)
    }
    return account
  }

  /** Applies a change and answers its `account.updated`, which carries the account (Connect) and is signed with the Connect secret. */
  const change = (id: string, apply: (account: AccountObject) => void): EventObject[] => {
    const account = accounts.get(id)
    if (!account) {
      throw new Error(`No account ${id} in the stand-in`)
    }
    const before = structuredClone(account)
    apply(account)
    const previous = previousOf(before, account)
    return Object.keys(previous).length === 0 ? [] : [makeEvent('account.updated', account, { account: id, previousAttributes: previous })]
  }

  /** Whether a charge may send money to this account: Stripe needs its `transfers` capability active. Accounts made elsewhere are not the stand-in's to judge. */
  const checkDestination = (id: string, param: string) => {
    const account = accounts.get(id)
    if (account && account.capabilities?.transfers !== 'active') {
      throw invalidRequest('Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments', param)
    }
  }

  const readCapabilities = (p: Params): string[] => {
    const given = p.nested('capabilities')
    if (!given) {
      return []
    }
    const requested: string[] = []
    for (const name of Object.keys(given.object)) {
      if (!(CAPABILITIES as readonly string[]).includes(name)) {
        throw invalidRequest(`The Stripe stand-in does not model the ${name} capability; teach it (tests/stand-ins/stripe) before a test relies on it.`, child(given.path, name))
      }
      if (given.nested(name)?.onlyKnown(KNOWN.capability).boolean('requested')) {
        requested.push(name)
      }
    }
    return requested
  }

  const create = (call: ApiCall): ApiAnswer => {
    if (call.account) {
      throw new StripeFault(400, { type: 'invalid_request_error', message: 'You cannot create connected accounts on behalf of a connected account (the Stripe-Account header).' })
    }
    const p = call.params.onlyKnown(KNOWN.account)
    refuseUnmodelled(p, UNMODELLED.account)
    const type = p.oneOf('type', ['custom', 'express', 'standard'] as const)
    if (type === undefined) {
      throw invalidRequest('The Stripe stand-in models accounts made with `type` (express, standard or custom); send it.', 'type')
    }
    const country = (p.string('country') ?? 'US').toUpperCase()
    if (!/^[A-Z]{2}$/.test(country)) {
      throw invalidRequest(`Country '${country}' is unknown. Try using a 2-character alpha country code instead, such as 'US', 'EG', or 'GB'.`, 'country')
    }
    const email = p.string('email') ?? null
    if (email !== null && !EMAIL.test(email)) {
      throw invalidRequest(`Invalid email address: ${email}`, 'email', 'email_invalid')
    }
    const capabilities = readCapabilities(p)
    if (type !== 'standard' && !capabilities.includes('transfers') && !capabilities.includes('card_payments')) {
      throw invalidRequest(`Connected accounts of type ${type} need capabilities: request \`card_payments\` or \`transfers\` (capabilities[transfers][requested]=true).`, 'capabilities')
    }
    const metadata = Object.fromEntries(Object.entries(p.metadata() ?? {}).filter(([, value]) => value !== ''))
    const account = accountObject({ type, country, email, capabilities, metadata })
    accounts.set(account.id, account)
    return { body: structuredClone(account), events: [] }
  }

  const retrieve = (call: ApiCall, id: string): ApiAnswer => {
    call.params.onlyKnown(['expand'])
    if (call.account) {
      // Another account's view of a connected account: only its own.
      if (call.account !== id) {
        throw noSuch('account', id, 'account')
      }
    }
    return { body: structuredClone(find(id, 'account')), events: [] }
  }

  const createLink = (call: ApiCall): ApiAnswer => {
    const p = call.params.onlyKnown(KNOWN.accountLink)
    refuseUnmodelled(p, UNMODELLED.accountLink)
    const id = p.requiredString('account')
    const account = find(id, 'account')
    const type = p.oneOf('type', ['account_onboarding', 'account_update'] as const)
    if (type === undefined) {
      throw missingParam('type')
    }
    if (type === 'account_update' && account.controller?.stripe_dashboard?.type !== 'none') {
      throw invalidRequest("You can't create Account Links of type `account_update` for accounts that have access to a Stripe-hosted Dashboard.", 'type')
    }
    const url = (key: string): string => {
      const value = checkUrl(p, key)
      if (value === undefined) {
        throw missingParam(key)
      }
      return value
    }
    const refreshUrl = url('refresh_url')
    const returnUrl = url('return_url')
    const created = nowSeconds()
    const linkId = newId('', 12)
    const object: AccountLinkObject = { object: 'account_link', created, expires_at: created + 300, url: onboardingPageUrl(id, linkId) }
    links.set(linkId, { object, account: id, refreshUrl, returnUrl, visited: false })
    return { body: structuredClone(object), events: [] }
  }

  const routes: Route[] = [
    { method: 'POST', pattern: /^\/v1\/accounts$/, handle: (call) => create(call) },
    { method: 'GET', pattern: /^\/v1\/accounts\/([^/]+)$/, handle: retrieve },
    { method: 'POST', pattern: /^\/v1\/account_links$/, handle: (call) => createLink(call) },
  ]

  return {
    accounts,
    links,
    routes,
    checkDestination,
    /** The owner finished Stripe's onboarding: details submitted, capabilities active, charges and payouts on, nothing due. */
    completeOnboarding: (id: string): EventObject[] =>
      change(id, (account) => {
        account.details_submitted = true
        account.charges_enabled = true
        account.payouts_enabled = true
        account.capabilities = Object.fromEntries(Object.keys(account.capabilities ?? {}).map((name) => [name, 'active']))
        account.requirements = requirements([], null)
        account.tos_acceptance = { date: nowSeconds(), ip: '127.0.0.1', user_agent: 'Stripe stand-in' }
      }),
    /** Stripe wants more (a document, a new representative): charges and payouts stop until the fields are given. */
    requireInformation: (id: string, due: string[]): EventObject[] =>
      change(id, (account) => {
        account.charges_enabled = false
        account.payouts_enabled = false
        account.capabilities = Object.fromEntries(Object.keys(account.capabilities ?? {}).map((name) => [name, 'inactive']))
        account.requirements = requirements(due, 'requirements.past_due')
      }),
  }
}

export type Accounts = ReturnType<typeof createAccounts>
