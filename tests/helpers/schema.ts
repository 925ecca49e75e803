import type { Payload } from 'payload'

import fs from 'node:fs'
import path from 'node:path'

type DrizzleKit = {
  generateDrizzleJson: (schema: unknown) => Promise<unknown>
  generateMigration: (before: unknown, after: unknown) => Promise<string[]>
}

/**
 * The SQL a new migration would need to bring the last committed migration's schema to this
 * config's: empty when the committed migrations cover the config.
 */
export const pendingSchemaChanges = async (payload: Payload): Promise<string[]> => {
  const db = payload.db as unknown as { requireDrizzleKit: () => DrizzleKit; schema: unknown }
  const { generateDrizzleJson, generateMigration } = db.requireDrizzleKit()
  const dir = path.resolve('src/migrations')
  const latest = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().at(-1)
  if (!latest) {
    throw new Error('no committed migration snapshot in src/migrations')
  }
  const before: unknown = JSON.parse(fs.readFileSync(path.join(dir, latest), 'utf8'))
  return generateMigration(before, await generateDrizzleJson(db.schema))
}
