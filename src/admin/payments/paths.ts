import { formatAdminURL } from 'payload/shared'

/** Where the revenue view lives inside the admin panel. */
export const REVENUE_PATH = '/revenue'

/** The admin URL of the revenue view, for a range of months when given. */
export const revenueURL = (adminRoute: string, range?: { from: string; to: string }): string =>
  `${formatAdminURL({ adminRoute, path: REVENUE_PATH })}${range ? `?from=${range.from}&to=${range.to}` : ''}`
