import type { Access, CollectionConfig } from 'payload'

import path from 'node:path'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { systemOnly } from '@/access/systemOnly'
import { tenantsWhereUserIs } from '@/domain/identity/memberships'
import { MEDIA } from '@/shared/slugs'
import { checkUploadedFiles } from '@/hooks/checkUploadedFiles'
import { settings } from '@/settings'

import { readMedia } from './access/readMedia'

/** What media holds: images for covers and logos, PDFs for file lessons. */
const MEDIA_FILE_TYPES = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'pdf'] as const

const checks = checkUploadedFiles({ allowed: MEDIA_FILE_TYPES, maxBytes: settings.media.maxFileMb * 1_048_576 })

/** Staff of a tenant upload and manage its files. */
const manageMedia: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const staffOf = await tenantsWhereUserIs(req, ['tenant-admin', 'instructor'])
  return staffOf.length > 0 ? { tenant: { in: staffOf } } : false
}

/**
 * Files owned by one tenant: logos, course covers, file lessons' PDFs. Every file passes the
 * upload checks before it is stored, and is stored with the type its content shows.
 */
export const Media: CollectionConfig = {
  slug: MEDIA,
  access: { read: readMedia, create: createInOwnTenant(MEDIA), update: manageMedia, delete: manageMedia },
  hooks: { beforeOperation: [checks.beforeOperation], beforeValidate: [checks.beforeValidate] },
  upload: {
    staticDir: path.join(settings.dataDir, 'media'),
    // Payload's own type check stays as a second line, and narrows the admin panel's file picker.
    mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'],
    // Opened in a tab, a PDF would run its scripts and forms under our origin's address: every
    // file downloads. Pages still show images in <img> (covers, logos); that ignores the header.
    modifyResponseHeaders: ({ headers }) => {
      headers.set('X-Content-Type-Options', 'nosniff')
      headers.set('Content-Disposition', 'attachment')
      return headers
    },
  },
  admin: { useAsTitle: 'originalName', defaultColumns: ['originalName', 'mimeType', 'filesize', 'public'] },
  fields: [
    {
      name: 'originalName',
      type: 'text',
      maxLength: 255,
      admin: { readOnly: true, description: "The uploader's file name; the file is stored under a generated one." },
    },
    { name: 'alt', type: 'text', localized: true, maxLength: 300 },
    {
      name: 'public',
      type: 'checkbox',
      defaultValue: false,
      index: true,
      access: systemOnly,
      admin: { readOnly: true, description: "Kept by the system: on while the school's logo, or a published course's cover or description, uses the file." },
    },
  ],
}
