/**
 * Runs the committed migrations against DATABASE_URI, in this process.
 *
 * Not through Payload's CLI: its entry point loads the config by a dynamic import under
 * a lazily registered TypeScript loader, which now and then never finishes loading;
 * Payload's `bin.js` then exits with code 0 having migrated nothing.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

process.env.PAYLOAD_MIGRATING = 'true'
const payload = await getPayload({ config, disableOnInit: true })
try {
  await payload.db.migrate()
} finally {
  await payload.destroy()
}
process.exit(0)
