import { formatAdminURL } from 'payload/shared'

/** Where the notification templates' preview lives inside the admin panel. */
export const TEMPLATES_PATH = '/notification-templates'

export const templatesURL = (adminRoute: string, query: Record<string, string> = {}): string => {
  const search = new URLSearchParams(query).toString()
  return `${formatAdminURL({ adminRoute, path: TEMPLATES_PATH })}${search ? `?${search}` : ''}`
}
