import type { ServerProps, StaticDescription, Where } from 'payload'

import type { Tenant } from '@/payload-types'

import { getTranslation } from '@payloadcms/translations'
import { Link } from '@payloadcms/ui'
import { createLocalReq } from 'payload'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { adminTenants } from '@/domain/identity/staff'
import { relationId } from '@/shared/relationId'
import { PAYMENT_SETTINGS, TENANTS } from '@/shared/slugs'

import { paymentsStrings } from './strings'
import './payments.css'

/** Schools listed at most: a super-admin's list of schools without settings stays a hint, not a report. */
const MAX_SCHOOLS = 20

// Payload hands over the configured description as it is: a text per language here.
type Props = ServerProps & { description?: StaticDescription }
type School = Pick<Tenant, 'id' | 'name' | 'slug'>

/**
 * The description of payment settings, with what only the server knows: each school's PayPal
 * webhook URL (`<server>/api/webhooks/paypal/<school slug>`, to paste into PayPal) and, on the
 * list, the schools that have no settings yet with a link to create them. On one school's
 * settings, that school's URL.
 */
export const PaymentSettingsHelp = async ({ description, i18n, id, payload, user }: Props) => {
  const strings = paymentsStrings(i18n.language)
  const schools = user ? await schoolsFor({ id, payload, user }) : { configured: [], missing: [] }
  const webhookURL = (school: School) => `${payload.config.serverURL}${payload.config.routes.api}/webhooks/paypal/${school.slug}`
  const createURL = formatAdminURL({ adminRoute: payload.config.routes.admin, path: `/collections/${PAYMENT_SETTINGS}/create` })
  return (
    <div className="payment-settings-help view-description">
      {description ? <p>{getTranslation(description, i18n)}</p> : null}
      {[...schools.configured, ...schools.missing].map((school) => (
        <p data-school={school.slug} key={`url-${school.id}`}>
          {strings.settingsWebhook(school.name)}: <code>{webhookURL(school)}</code>
        </p>
      ))}
      {schools.missing.map((school) => (
        <p data-missing-school={school.slug} key={`missing-${school.id}`} role="status">
          {strings.settingsMissing(school.name)} <Link href={createURL}>{strings.settingsCreate}</Link>
        </p>
      ))}
    </div>
  )
}

/** The schools the help is about: the document's own, or those the requester administers (any, for a super-admin). */
const schoolsFor = async ({ id, payload, user }: Pick<Props, 'id' | 'payload'> & { user: NonNullable<Props['user']> }): Promise<{ configured: School[]; missing: School[] }> => {
  // Description slots get no request; a local one carries the user for the rules.
  const req = await createLocalReq({ user }, payload)
  const own = id === undefined ? undefined : await payload.findByID({ collection: PAYMENT_SETTINGS, id, depth: 0, select: { tenant: true }, overrideAccess: false, user, req, disableErrors: true })
  const ownSchool = relationId(own?.tenant)
  // Undefined: every school, for a super-admin.
  const ids = ownSchool !== undefined ? [ownSchool] : isSuperAdmin(user) ? undefined : await adminTenants(req)
  if (ids?.length === 0) {
    return { configured: [], missing: [] }
  }
  const inScope: Where[] = ids ? [{ id: { in: ids } }] : []
  const withSettings = await payload.find({ collection: PAYMENT_SETTINGS, where: ids ? { tenant: { in: ids } } : {}, pagination: false, depth: 0, select: { tenant: true }, overrideAccess: true, req })
  const configuredIds = withSettings.docs.flatMap((doc) => relationId(doc.tenant) ?? [])
  const find = async (where: Where[]): Promise<School[]> =>
    (await payload.find({ collection: TENANTS, where: { and: where }, sort: 'name', limit: MAX_SCHOOLS, depth: 0, select: { name: true, slug: true }, overrideAccess: true, req })).docs
  // A super-admin's list names no configured school (there may be hundreds), only those missing settings.
  const configured = ids && configuredIds.length > 0 ? await find([...inScope, { id: { in: configuredIds } }]) : []
  const missing = own ? [] : await find([...inScope, ...(configuredIds.length > 0 ? [{ id: { not_in: configuredIds } }] : [])])
  return { configured, missing }
}
