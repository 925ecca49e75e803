/** Collection slugs, declared once and reused in configs and tests. */
export const TENANTS = 'tenants'
export const USERS = 'users'
export const MEDIA = 'media'
export const AUDIT_LOGS = 'audit-logs'
export const API_KEYS = 'api-keys'
export const CATEGORIES = 'categories'
export const TAGS = 'tags'
