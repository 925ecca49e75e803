import type { UploadConfig } from 'payload'

import path from 'node:path'

import { settings } from '@/settings'

/**
 * Upload settings for files that are data, never pages (hand-ins, certificates): stored
 * under the data folder, downloaded as attachments, not sniffed, not cached by proxies.
 */
export const privateUpload = (slug: string): UploadConfig => ({
  staticDir: path.join(settings.dataDir, slug),
  modifyResponseHeaders: ({ headers }) => {
    headers.set('Content-Disposition', 'attachment')
    headers.set('X-Content-Type-Options', 'nosniff')
    headers.set('Cache-Control', 'private, no-store')
    return headers
  },
})
