/** Roles a user can hold inside one tenant. */
export const TENANT_ROLES = ['tenant-admin', 'instructor', 'student'] as const
export type TenantRole = (typeof TENANT_ROLES)[number]

export const PLATFORM_ROLES = ['super-admin'] as const
