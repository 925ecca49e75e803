import type { Config } from 'payload'

import { ANALYTICS_PATH } from './analytics/paths'

/** Our own pages and links in the admin panel; Payload finds them through the import map. */
export const adminComponents: NonNullable<Config['admin']>['components'] = {
  views: {
    // A prefix: the overview and every course's page below it (see AnalyticsView).
    analytics: { Component: '@/admin/analytics/AnalyticsView#AnalyticsView', path: ANALYTICS_PATH, meta: { title: 'Analytics' } },
  },
  afterNavLinks: ['@/admin/analytics/AnalyticsNavLink#AnalyticsNavLink'],
}
