import type { UIFieldServerProps } from 'payload'

import { createLocalReq } from 'payload'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import { administersSchool } from '@/domain/identity/staff'
import { stripeConnectStage } from '@/domain/payments/stripeConnect'
import { stripeConfigured } from '@/services/stripe/client'
import { relationId } from '@/shared/relationId'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

import { StripeConnectPanel } from './StripeConnectPanel'
import { paymentsStrings } from './strings'

/**
 * The school's Stripe account on its payment settings: where card payments go now and why, what
 * Stripe last said of the account, and for the school's admins (the rule the endpoints apply)
 * "Connect Stripe" or "Continue onboarding" and "Check status with Stripe".
 */
export const StripeConnect = async ({ id, i18n, payload, user }: UIFieldServerProps) => {
  const strings = paymentsStrings(i18n.language)
  if (!user) {
    return null
  }
  if (id === undefined) {
    return <p className="stripe-connect__note field-description">{strings.connectSaveFirst}</p>
  }
  // Field slots get a request of the form's; a local one carries the user for the access rules.
  const req = await createLocalReq({ user }, payload)
  const school = await payload.findByID({ collection: PAYMENT_SETTINGS, id, depth: 0, overrideAccess: false, user, req, disableErrors: true })
  const tenant = relationId(school?.tenant)
  if (!school || tenant === undefined) {
    return null
  }
  const status = school.stripeStatus?.account === school.stripeAccountId ? school.stripeStatus : undefined
  return (
    <StripeConnectPanel
      account={school.stripeAccountId ?? undefined}
      available={stripeConfigured()}
      canConnect={await administersSchool(req, tenant)}
      checkUrl={`${formatAdminURL({ apiRoute: payload.config.routes.api, serverURL: payload.config.serverURL, path: `/${PAYMENT_SETTINGS}/stripe/return` })}?tenant=${tenant}`}
      feePercent={school.platformFeePercent ?? 0}
      language={i18n.language}
      stage={stripeConnectStage(school)}
      status={
        status?.checkedAt
          ? {
              chargesEnabled: Boolean(status.chargesEnabled),
              payoutsEnabled: Boolean(status.payoutsEnabled),
              detailsSubmitted: Boolean(status.detailsSubmitted),
              requirementsDue: status.requirementsDue ?? undefined,
              disabledReason: status.disabledReason ?? undefined,
              checkedAt: status.checkedAt,
            }
          : undefined
      }
      tenant={tenant}
    />
  )
}
