import { formatAdminURL } from 'payload/shared'

/** Where the analytics view lives inside the admin panel. */
export const ANALYTICS_PATH = '/analytics'

/** The admin URL of the analytics overview, or of one course's analytics. */
export const analyticsURL = (adminRoute: string, courseId?: number | string): string =>
  formatAdminURL({ adminRoute, path: courseId === undefined ? ANALYTICS_PATH : `${ANALYTICS_PATH}/${courseId}` })

/** The admin URL of one person's progress across their courses. */
export const studentAnalyticsURL = (adminRoute: string, personId: number | string): string =>
  formatAdminURL({ adminRoute, path: `${ANALYTICS_PATH}/students/${personId}` })
