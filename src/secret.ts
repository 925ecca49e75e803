import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { isProduction, settings } from '@/settings'

/** A random secret kept under the data folder, so logins survive a restart. */
const localSecret = (): string => {
  const file = path.join(settings.dataDir, 'payload-secret')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(settings.dataDir, { recursive: true, mode: 0o755 })
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 })
  }
  return fs.readFileSync(file, 'utf8').trim()
}

/**
 * PAYLOAD_SECRET signs sessions. A production server must be given one; elsewhere
 * a local one is made.
 */
export const payloadSecret = (): string => {
  const fromEnv = process.env.PAYLOAD_SECRET
  if (fromEnv) {
    return fromEnv
  }
  if (isProduction && process.env.NEXT_PHASE !== 'phase-production-build') {
    throw new Error('PAYLOAD_SECRET must be set in production.')
  }
  return localSecret()
}

/** The demo runs a production build on a laptop: it sets a local secret unless one is given. */
export const ensureLocalSecret = (): void => {
  process.env.PAYLOAD_SECRET ??= localSecret()
}
