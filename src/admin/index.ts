import type { Config } from 'payload'

import { ANALYTICS_PATH } from './analytics/paths'
import { AI_USAGE_PATH } from './ai/paths'
import { TEMPLATES_PATH } from './notifications/paths'
import { REVENUE_PATH } from './payments/paths'

/** Our own pages and links in the admin panel; Payload finds them through the import map. */
export const adminComponents: NonNullable<Config['admin']>['components'] = {
  views: {
    // A prefix: the overview and every course's page below it (see AnalyticsView).
    analytics: { Component: '@/admin/analytics/AnalyticsView#AnalyticsView', path: ANALYTICS_PATH, meta: { title: 'Analytics' } },
    revenue: { Component: '@/admin/payments/RevenueView#RevenueView', path: REVENUE_PATH, exact: true, meta: { title: 'Revenue' } },
    aiUsage: { Component: '@/admin/ai/AiUsageView#AiUsageView', path: AI_USAGE_PATH, exact: true, meta: { title: 'AI usage' } },
    notificationTemplates: { Component: '@/admin/notifications/TemplatesView#TemplatesView', path: TEMPLATES_PATH, exact: true, meta: { title: 'Notification templates' } },
  },
  // Revenue first: its group then follows the Payments collections, the last group of the nav.
  afterNavLinks: ['@/admin/payments/RevenueNavLink#RevenueNavLink', '@/admin/ai/AiUsageNavLink#AiUsageNavLink', '@/admin/analytics/AnalyticsNavLink#AnalyticsNavLink', '@/admin/notifications/TemplatesNavLink#TemplatesNavLink'],
}
