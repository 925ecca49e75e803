import { formatAdminURL } from 'payload/shared'

/** Where the AI usage view lives inside the admin panel. */
export const AI_USAGE_PATH = '/ai-usage'

/** The admin URL of the AI usage view, for a month when given. */
export const aiUsageURL = (adminRoute: string, month?: string): string => `${formatAdminURL({ adminRoute, path: AI_USAGE_PATH })}${month ? `?month=${month}` : ''}`
