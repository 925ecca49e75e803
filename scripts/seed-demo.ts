/** Seeds the demo data into DATABASE_URI and prints the accounts. */
import config from '@payload-config'
import { getPayload } from 'payload'

import { DEMO_PASSWORD, seedDemo } from '@/seed/demoSeed'
import { settings } from '@/settings'

const payload = await getPayload({ config })
const accounts = await seedDemo(payload)
const host = (tenant?: string) =>
  tenant ? `http://${tenant}.${settings.baseDomain}:${settings.port}` : settings.serverUrl
console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD})`)
for (const account of accounts) {
  console.log(`  ${account.email.padEnd(26)} ${account.role.padEnd(13)} ${account.tenant ? `${account.tenant} -> ${host(account.tenant)}` : ''}`)
}
await payload.destroy()
process.exit(0)
