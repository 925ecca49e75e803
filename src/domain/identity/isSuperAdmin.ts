import type { Access } from 'payload'

type MaybeUser = { platformRole?: string | null; collection?: string } | null | undefined

export const isSuperAdmin = (user: MaybeUser): boolean =>
  Boolean(user && user.collection === 'users' && user.platformRole === 'super-admin')

export const superAdminOnly: Access = ({ req }) => isSuperAdmin(req.user)
