import type { Readable } from 'node:stream'

import crypto from 'node:crypto'
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'

export type FileDigest = { bytes: number; sha256: string }

/** Passes chunks through while counting and hashing them. */
const digesting = (hash: crypto.Hash, digest: { bytes: number }) =>
  async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk)
      digest.bytes += chunk.length
      yield chunk
    }
  }

/** The size and SHA-256 of a file, read as a stream: backups hold files of any size. */
export const digestOf = async (file: string): Promise<FileDigest> => {
  const hash = crypto.createHash('sha256')
  const digest = { bytes: 0 }
  await pipeline(fs.createReadStream(file), digesting(hash, digest), async (source: AsyncIterable<Buffer>) => {
    for await (const _chunk of source) {
      // Consumed for the digest alone.
    }
  })
  return { bytes: digest.bytes, sha256: hash.digest('hex') }
}

/**
 * Writes a stream into a new file, owner-only (a backup holds personal data and secrets), and
 * answers the digest of what was written. Never overwrites: a name met twice is a bug to hear of.
 */
export const writeDigested = async (source: Readable, file: string): Promise<FileDigest> => {
  const hash = crypto.createHash('sha256')
  const digest = { bytes: 0 }
  await pipeline(source, digesting(hash, digest), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  return { bytes: digest.bytes, sha256: hash.digest('hex') }
}
